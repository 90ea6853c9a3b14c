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

# The executor at scale (bench/README.md "Scale", ADRs 0190-0192): 10..5000 tasks on
# tasks/4 simulated hosts behind the AWS emulator with the account's rate buckets. No root,
# no Docker; about 4 minutes per polling mode.
BENCH_SCALE_TASKS ?= 10,100,1000,5000
BENCH_SCALE_POLLING ?= list
BENCH_SCALE_WINDOW_S ?= auto
BENCH_SCALE_HOST_MS ?= 3000,3000,500
BENCH_SCALE_API_MS ?= 50
BENCH_SCALE_SSM_RATE ?= 4
BENCH_SCALE_AWS_SSM_RATE ?= 5
BENCH_SCALE_OUT ?= .tmp/bench/scale.json

.PHONY: bench-scale
bench-scale: build-tools ## Executor at 10/100/1000/5000 tasks vs emulated AWS limits (BENCH_SCALE_TASKS=… BENCH_SCALE_POLLING=list,get)
	@node .build/bench/scale/main.js --tasks $(BENCH_SCALE_TASKS) --polling $(BENCH_SCALE_POLLING) \
		--window-s $(BENCH_SCALE_WINDOW_S) --host-ms $(BENCH_SCALE_HOST_MS) \
		--api-ms $(BENCH_SCALE_API_MS) --ssm-rate $(BENCH_SCALE_SSM_RATE) \
		--aws-ssm-rate $(BENCH_SCALE_AWS_SSM_RATE) --out $(BENCH_SCALE_OUT)
