# mistake: clone() is given the bottom of the child's stack (stack) instead of its top (stack + STACK_SIZE): the child's first push lands below the mapping and it crashes
# expect: 01_ls_root_shows_rootfs
# hint-mentions: stack + STACK_SIZE
s/clone(child_main, stack + STACK_SIZE, /clone(child_main, stack, /
