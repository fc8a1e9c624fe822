# The two commands of README.md, plus the benchmarks. Each installs what is missing first.
.PHONY: run test bench build clean

run:
	scripts/deps run
	scripts/build --target bunker
	scripts/run

test:
	scripts/test

bench:
	bench/run

build:
	scripts/deps build
	scripts/build

clean:
	rm -rf build
