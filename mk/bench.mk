# Benchmarks (bench/README.md): direct vs our proxy vs HAProxy vs toxiproxy, side by side
# in one run on a network namespace pair the bench creates and removes. Root, 2 CPUs.
BENCH_DEBIAN_PACKAGES := haproxy wrk iperf3 tcpdump curl iproute2 iptables conntrack
BENCH_DURATION_S ?= 2
BENCH_ROUNDS ?= 3
BENCH_OUT ?= .tmp/bench/results.json

.PHONY: bench
bench: build-tools tool-toxiproxy ## Benchmarks: HTTP, bulk, memory, start-up, reset precision (BENCH_ROUNDS=3 BENCH_DURATION_S=2)
	@scripts/deps.sh debian $(BENCH_DEBIAN_PACKAGES)
	@node .build/bench/main.js --toxiproxy "$$(scripts/tools/path.sh toxiproxy)" \
		--duration-s $(BENCH_DURATION_S) --rounds $(BENCH_ROUNDS) --out $(BENCH_OUT)
