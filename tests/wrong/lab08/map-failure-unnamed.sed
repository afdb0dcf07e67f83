# mistake: when userns_map() fails, main() dies without the step it names ("writing the maps: ..."): the learner cannot tell uid_map from setgroups or gid_map
# expect: 08_nothing_left
# hint-mentions: step
s/cg_die(&cg, "writing %s of the container (\/proc\/%d): %s", step, (int)pid,/cg_die(\&cg, "writing the maps: %s",/
