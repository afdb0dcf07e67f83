/* empty-main.c — a static glibc program that does nothing: its start-to-exit time is what the
 * C library's start-up costs on this machine (see exit-only.c). */
int main(void)
{
	return 0;
}
