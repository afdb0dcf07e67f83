# mistake: the environment is cleared but PATH is not set (execvp's built-in search path still finds /usr/bin/env)
# expect: 15_clean_environment
# hint-mentions: PATH
s/if (clearenv() != 0 || setenv("PATH", CONTAINER_PATH, 1) == -1 ||/if (clearenv() != 0 ||/
