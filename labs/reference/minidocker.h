/*
 * minidocker.h — what minidocker's files share: its exit codes, the container it sets up
 * (filled by main() in minidocker.c, handed to the child by clone()), and die().
 */
#ifndef MINIDOCKER_H
#define MINIDOCKER_H

#include <stdbool.h> //@ given 06
#include "net.h"      //@ given 07

/* Exit codes of minidocker itself, the same as docker run's. */
enum {
	EXIT_MINIDOCKER_FAILED = 125, /* minidocker could not set up the container */
	EXIT_CANNOT_RUN = 126,        /* the command exists but cannot be executed */
	EXIT_NOT_FOUND = 127,         /* the command does not exist inside the rootfs */
};

//@ given 06
/* At most this many -e NAME=VALUE options. */
#define MAX_ENV 64

//@ end
//@ given 03
/* The options of `run`, written between "run" and ROOTFS. A new option is one field here, one
 * line in parse_options()'s table and one case in its switch (minidocker.c). */
struct options {
	const char *hostname;      /* --hostname NAME: the container's hostname (UTS namespace) */
	double cpus;               /* --cpus N: CPUs the container may use; 0 = no limit */         //@ given 04
	const char *cgroup_parent; /* --cgroup-parent DIR: v2 parent below /sys/fs/cgroup */         //@ given 04
	long long memory;          /* --memory SIZE (lab05): bytes it may use; 0 = no limit */       //@ given 04
	bool host_view;            /* --host-view (lab06): no meminfo and CPU list of our own */     //@ given 06
	char *env[MAX_ENV];        /* -e NAME=VALUE (lab06): the command's variables, in order */   //@ given 06
	int env_count;             /* how many -e were given */                                     //@ given 06
	struct net net;            /* --net, -p (lab07), and what the parent made */       //@ given 07
	bool userns;               /* --userns (lab08): a user namespace, root inside = us outside */ //@ given 08
	bool userns_full;          /* --userns-full (lab08): and the ids of /etc/subuid inside */    //@ given 08
};

//@ end
/* Everything the child needs to know, handed over by clone()'s argument. */
struct container {
	const char *rootfs;         /* directory that becomes "/" for the command */
	char **argv;                /* the command and its arguments */
	const struct options *opts; /* what the command line asked for */                      //@ given 03
	struct cgroups *cg;         /* its cgroups, made by the parent before clone() (cgroup.h) */ //@ given 04
};

/* Print "minidocker: <message>" on stderr and exit with 125: one clear line per failure. */
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

//@ given 06
/* lab06: files that tell the container its limits (views.c), and the capabilities it gives
 * up (caps.c). Both run in the child, after /proc is mounted. */
void mount_limit_views(double cpus, long long memory_bytes, bool host_view);
void drop_capabilities(void);

//@ end
#endif
