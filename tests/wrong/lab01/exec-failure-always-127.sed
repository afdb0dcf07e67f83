# mistake: every exec failure is reported as "not found" (127), also EACCES
# expect: 06_cannot_run_is_126
# hint-mentions: EACCES
s/? EXIT_NOT_FOUND : EXIT_CANNOT_RUN/? EXIT_NOT_FOUND : EXIT_NOT_FOUND/
