# mistake: the parent moves the container into its group after clone(), when the command runs already
# expect: 01_joined_before_exec
# hint-mentions: before exec
s/^\tcgroups_join(c->cg);$/\t(void)cgroups_join;/
/^#include "minidocker.h"$/a\
#include <fcntl.h>
/^\tcontainer_pid = pid;$/a\
\tif (cg.v) { usleep(200000); char b[32], p[PATH_MAX + 64]; snprintf(b, sizeof(b), "%d", (int)pid); const char *d[] = { cg.cpu, cg.cpuacct, cg.memory }; for (int k = 0; k < 3; k++) if (d[k][0]) { snprintf(p, sizeof(p), "%s/%s", d[k], cg.v->procs); int fd = open(p, O_WRONLY); if (fd >= 0) { if (write(fd, b, strlen(b)) < 0) perror(p); close(fd); } } }
