# lab08's wrong programs: (name, "mistake -> the check expected to catch it", edits); each edit
# (file, text of the correct solution, what the learner wrote instead).
MISTAKES = [
 ("correct-lesson", "NOT a mistake: the lesson's Hint 2/3 to the letter (root check `geteuid() != 0 && !opts.userns`, the starter's die() message kept) -> should pass; fails check 10 (the message must name --userns)",
  [("minidocker.c", 'die("must be run as root, or with --userns (try: sudo %s run %s ..., or %s run --userns %s ...)",\n\t\t    argv[0], c.rootfs, argv[0], c.rootfs);', 'die("must be run as root (try: sudo %s run %s ...)", argv[0], c.rootfs);')]),
 ("identity-map", "uid_map/gid_map \"UID UID 1\" (maps itself, not root inside) -> the check that id says 0 inside",
  [("userns.c", 'snprintf(line, sizeof(line), "0 %u 1\\n", (unsigned)getuid());', 'snprintf(line, sizeof(line), "%u %u 1\\n", (unsigned)getuid(), (unsigned)getuid());'),
   ("userns.c", 'snprintf(line, sizeof(line), "0 %u 1\\n", (unsigned)getgid());', 'snprintf(line, sizeof(line), "%u %u 1\\n", (unsigned)getgid(), (unsigned)getgid());')]),
 ("reversed", "uid_map fields reversed, \"UID 0 1\" (outside id 0: refused) -> the 'container starts' check, hint on uid_map",
  [("userns.c", 'snprintf(line, sizeof(line), "0 %u 1\\n", (unsigned)getuid());', 'snprintf(line, sizeof(line), "%u 0 1\\n", (unsigned)getuid());')]),
 ("count-65536", "uid_map count 65536 (\"0 UID 65536\": more than an ordinary user may map) -> the 'container starts' check, hint on uid_map",
  [("userns.c", 'snprintf(line, sizeof(line), "0 %u 1\\n", (unsigned)getuid());', 'snprintf(line, sizeof(line), "0 %u 65536\\n", (unsigned)getuid());')]),
 ("setgroups-after", "setgroups \"deny\" written after gid_map (gid_map refused: EPERM) -> the 'container starts' check, hint on setgroups before gid_map",
  [("userns.c", '''\t\t*step = "setgroups";
\t\tif (write_proc(dir, "setgroups", "deny") == -1)
\t\t\treturn -1;
\t\t*step = "gid_map";
\t\tsnprintf(line, sizeof(line), "0 %u 1\\n", (unsigned)getgid());
\t\tif (write_proc(dir, "gid_map", line) == -1)
\t\t\treturn -1;
''', '''\t\t*step = "gid_map";
\t\tsnprintf(line, sizeof(line), "0 %u 1\\n", (unsigned)getgid());
\t\tif (write_proc(dir, "gid_map", line) == -1)
\t\t\treturn -1;
\t\t*step = "setgroups";
\t\tif (write_proc(dir, "setgroups", "deny") == -1)
\t\t\treturn -1;
''')]),
 ("uid-only", "only uid_map written (no setgroups, no gid_map): gid 65534 inside, files made inside get the overflow gid -> the id check (gid=0) or the file-owner check",
  [("userns.c", '''\t\t*step = "setgroups";
\t\tif (write_proc(dir, "setgroups", "deny") == -1)
\t\t\treturn -1;
\t\t*step = "gid_map";
\t\tsnprintf(line, sizeof(line), "0 %u 1\\n", (unsigned)getgid());
\t\tif (write_proc(dir, "gid_map", line) == -1)
\t\t\treturn -1;
''', '')]),
 ("gid-only", "setgroups and gid_map but no uid_map: uid 65534 inside -> the id check (uid=0), or the container cannot start (EOVERFLOW)",
  [("userns.c", '''\t\t*step = "uid_map";
\t\tsnprintf(line, sizeof(line), "0 %u 1\\n", (unsigned)getuid());
\t\tif (write_proc(dir, "uid_map", line) == -1)
\t\t\treturn -1;
''', '')]),
 ("release-first", "the byte on the pipe is written before the maps (the child goes on unmapped: a race) -> the check that the command starts with its maps written",
  [("userns.c", '''\tif (!full) {
\t\tchar line[64];''', '''\tif (write(sync_pipe[1], "1", 1) != 1)
\t\treturn -1;
\tif (!full) {
\t\tchar line[64];'''),
   ("userns.c", '''\tif (write(sync_pipe[1], "1", 1) != 1)
\t\treturn -1;
\tclose(sync_pipe[1]);''', '''\tclose(sync_pipe[1]);''')]),
 ("nowait", "the child never waits for its maps (userns_wait_for_map() not called) -> the check that the command starts with its maps written",
  [("minidocker.c", '''\tif (c->opts->userns)
\t\tuserns_wait_for_map();
''', '')]),
 ("unshare-later", "CLONE_NEWUSER not in clone(): the child calls unshare(CLONE_NEWUSER) itself, after clone() made the other namespaces (clone refused: EPERM) -> the 'container starts' check, hint on CLONE_NEWUSER in the same clone()",
  [("minidocker.c", '\t\tflags |= CLONE_NEWUSER | CLONE_NEWCGROUP;', '\t\tflags |= CLONE_NEWCGROUP;'),
   ("minidocker.c", '''\tif (c->opts->userns)
\t\tuserns_wait_for_map();
''', '''\tif (c->opts->userns) {
\t\tif (unshare(CLONE_NEWUSER) == -1)
\t\t\tdie("unshare(CLONE_NEWUSER): %s", strerror(errno));
\t\tuserns_wait_for_map();
\t}
''')]),
 ("no-newcgroup", "CLONE_NEWUSER without CLONE_NEWCGROUP (lab06's read-only cgroup mount refused) -> the 'container starts' check, hint on CLONE_NEWCGROUP",
  [("minidocker.c", '\t\tflags |= CLONE_NEWUSER | CLONE_NEWCGROUP;', '\t\tflags |= CLONE_NEWUSER;')]),
 ("no-kill-on-fail", "when userns_map() fails, main() calls cg_die() at once: the child is neither killed nor reaped -> the 'nothing left when the maps cannot be written' check",
  [("minidocker.c", '''\t\t\tint saved = errno;
\t\t\tkill(pid, SIGKILL);
\t\t\twaitpid(pid, NULL, 0);
\t\t\tcg_die(&cg, "writing the container's %s''', '''\t\t\tint saved = errno;
\t\t\tcg_die(&cg, "writing the container's %s''')]),
 ("wait-ignores-eof", "the child's wait ignores end of file (goes on as nobody when the parent gave up) -> the 'maps cannot be written' check",
  [("userns.c", '''\tif (got != 1)
\t\tdie("waiting for the uid and gid maps: minidocker ended before it wrote them");
''', '\t(void)got;\n')]),
 ("mknod-kept", "step 8's mknod() kept with --userns (refused in a user namespace) -> the 'container starts' check, hint on mknod/step 8",
  [("minidocker.c", '''\tif (!c->opts->userns) {
\tif (mount("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755") == -1)''', '''\t{
\tif (mount("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755") == -1)''')]),
 ("dev-no-tmpfs", "userns_bind_devices() binds onto files made in the rootfs's own dev/ (no tmpfs: the image gets files, dev is executable) -> a check of /dev's mount, if any",
  [("userns.c", '''\tif (mount("tmpfs", "dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755") == -1)
\t\tdie("mounting a tmpfs on %s/dev: %s", "rootfs", strerror(errno));
''', '')]),
 ("no-root-check", "the root check removed instead of letting --userns pass (a run without --userns as a user fails later with EPERM, not 'must be run as root') -> a check of the refusal, if any",
  [("minidocker.c", '''\tif (geteuid() != 0 && !opts.userns)
\t\tdie("must be run as root''', '''\tif (0)
\t\tdie("must be run as root''')]),
]
