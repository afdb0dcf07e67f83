# mistake: only the process's own cgroup is read; a parent's smaller limit is ignored
# expect: 06_nested_smallest_wins
# hint-mentions: nested limit was ignored
s/^	} while (parent_dir(dir, pl.top));/	} while (0);/
