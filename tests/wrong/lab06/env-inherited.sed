# mistake: the caller's environment is kept (no clearenv()): its secrets reach the command inside
# expect: 15_clean_environment
# hint-mentions: clearenv
s/if (clearenv() != 0 || /if (/
