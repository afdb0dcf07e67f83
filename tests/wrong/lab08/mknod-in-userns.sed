# mistake: step 8 still runs with --userns: mknod() in a user namespace is refused on any host
# expect: 01_starts_as_user
# hint-mentions: mknod
s/if (!c->opts->userns) {/if (1) {/
