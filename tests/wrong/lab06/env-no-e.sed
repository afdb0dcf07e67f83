# mistake: -e is parsed but its variables are never set
# expect: 15_clean_environment
# hint-mentions: -e NAME=VALUE becomes a variable
s/if (putenv(c->opts->env\[k\]) != 0)/if (0)/
