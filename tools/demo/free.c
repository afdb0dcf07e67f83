/*
 * free — memory figures from /proc/meminfo, the way procps's free (the one in Debian and
 * Ubuntu images) computes them. The rootfs has it as /usr/local/bin/free; typed as plain `free`
 * in the busybox shell, busybox runs its own applet instead (it prefers its applets to PATH).
 *
 * Why the kit ships it (lab06): busybox's free takes "total" and "used" from the sysinfo()
 * system call, which no bind mount can change, so it shows the host's memory whatever
 * /proc/meminfo says. procps's free reads /proc/meminfo, so the generated meminfo that
 * minidocker (or lxcfs) mounts makes it show the container's limit. `busybox free` is still
 * there to compare (plain `free` in the container's shell, or `busybox free`).
 *
 * usage: free [-b|-k|-m|-g]     (default -k: KiB, as procps)
 */
#include <stdio.h>
#include <string.h>

struct meminfo {
	long long total, free, available, buffers, cached, sreclaimable, shmem, swap_total,
		swap_free;
};

static long long field(const char *text, const char *name)
{
	char key[64];
	snprintf(key, sizeof(key), "\n%s:", name);
	const char *p = strstr(text, key);
	if (!p && strncmp(text, key + 1, strlen(key + 1)) == 0)
		p = text - 1; /* the first line has no newline before it */
	long long kb = 0;
	if (p)
		sscanf(p + strlen(key), "%lld", &kb);
	return kb;
}

int main(int argc, char **argv)
{
	long long unit = 1024; /* bytes per shown unit; meminfo counts KiB */
	if (argc > 1) {
		if (strcmp(argv[1], "-b") == 0)
			unit = 1;
		else if (strcmp(argv[1], "-m") == 0)
			unit = 1024 * 1024;
		else if (strcmp(argv[1], "-g") == 0)
			unit = 1024LL * 1024 * 1024;
		else if (strcmp(argv[1], "-k") != 0) {
			fprintf(stderr, "usage: free [-b|-k|-m|-g]\n");
			return 2;
		}
	}
	FILE *f = fopen("/proc/meminfo", "re");
	if (!f) {
		perror("free: /proc/meminfo");
		return 1;
	}
	char text[8192];
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';

	struct meminfo m = {
		.total = field(text, "MemTotal"),
		.free = field(text, "MemFree"),
		.available = field(text, "MemAvailable"),
		.buffers = field(text, "Buffers"),
		.cached = field(text, "Cached"),
		.sreclaimable = field(text, "SReclaimable"),
		.shmem = field(text, "Shmem"),
		.swap_total = field(text, "SwapTotal"),
		.swap_free = field(text, "SwapFree"),
	};
	/* procps-ng 4: "used" is what is not available; old kernels without MemAvailable get
	 * the older formula. */
	long long cache = m.buffers + m.cached + m.sreclaimable;
	long long used = m.available ? m.total - m.available : m.total - m.free - cache;
	if (used < 0)
		used = 0;
#define SHOW(kb) ((kb)*1024 / unit)
	printf("%15s %11s %11s %11s %11s %11s\n", "total", "used", "free", "shared", "buff/cache",
	       "available");
	printf("Mem:  %9lld %11lld %11lld %11lld %11lld %11lld\n", SHOW(m.total), SHOW(used),
	       SHOW(m.free), SHOW(m.shmem), SHOW(cache), SHOW(m.available));
	printf("Swap: %9lld %11lld %11lld\n", SHOW(m.swap_total), SHOW(m.swap_total - m.swap_free),
	       SHOW(m.swap_free));
	return 0;
}
