# mistake: v2's "max" (no limit) in memory.max is read as a number: 0 bytes
# expect: 05_memory_limit_v2
# hint-mentions: "max" is not a number
/^static bool memory_limit_in/,/^}/{
/if (strncmp(buf, "max", 3) == 0)/,+1d
}
