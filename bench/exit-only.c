/* exit-only.c — the floor of a process start on this machine: a static program without any C
 * library that only calls exit_group(0). bench/lab04-05-cgroups.sh times it beside a static
 * glibc program with an empty main() (bench/empty-main.c): the difference is the C library's
 * own start-up, which every glibc program pays (minidocker and the busybox in the container
 * alike). Built with -nostdlib -static; x86_64 and aarch64 only. */
#if defined(__x86_64__)
__attribute__((noreturn)) void _start(void);
void _start(void)
{
	__asm__ volatile("mov $231, %eax\n\txor %edi, %edi\n\tsyscall");
	__builtin_unreachable();
}
#elif defined(__aarch64__)
__attribute__((noreturn)) void _start(void);
void _start(void)
{
	__asm__ volatile("mov x8, #94\n\tmov x0, #0\n\tsvc #0");
	__builtin_unreachable();
}
#else
#error "exit-only.c: x86_64 and aarch64 only"
#endif
