module resource-slot.io/bench/sleeper

go 1.22
