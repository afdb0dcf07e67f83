# mistake: no MS_REC|MS_PRIVATE before mounting: on a host whose / is shared, mounts leak out
# expect: 02_mount_does_not_leak_to_shared_host
# hint-mentions: MS_REC | MS_PRIVATE
/if (mount(NULL, "\/", NULL, MS_REC | MS_PRIVATE, NULL) == -1)/,+1d
