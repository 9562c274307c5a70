# Towerdesk: the two commands a person needs are `make run` and `make test`.
# The recipes stay short; the logic lives in scripts/ (bash) so it can be read and run alone.
#
#   make run       install what is missing, build the UI and the app (UI embedded), open the app
#                  (with no account it opens on a built-in demo; on a box without a display it runs
#                  under xvfb-run, a virtual screen)
#   make dev       hot reload: `tauri dev` when @tauri-apps/cli is in ui's devDependencies, otherwise
#                  the Vite dev server plus `cargo run -p towerdesk` pointed at it (scripts/dev)
#   make test      every test, in order, stopping at the first failure (scripts/test; CI runs this)
#   make e2e       only the end-to-end tests against the real app under WebDriver (tests/e2e/run)
#   make bench     benchmarks: startup time and memory, then the rest (scripts/bench); prints, never fails on numbers
#   make package   the release .deb and .rpm (Tauri's bundler; .dmg/.msi on those systems), their sizes,
#                  and the unpacked .deb's binary through the e2e app spec (scripts/package)
#   make soak      the sync engine's large reliability run: 1,000 changes at 20% faults, 100 kill -9 trials (scripts/soak)
#   make bindings  regenerate ui/src/lib/bindings.ts from the Rust commands
#   make setup     only install what is missing (scripts/setup --test)
#   make clean     remove build outputs (target/, ui/dist/)

SHELL := bash

.PHONY: run dev test e2e bench bindings setup clean soak package

run:
	@scripts/run

dev:
	@scripts/dev

test:
	@scripts/test

e2e:
	@scripts/setup --test
	@tests/e2e/run

bench:
	@scripts/bench

soak:
	@scripts/soak

package:
	@scripts/package

bindings:
	@test -d ui/dist || npm --prefix ui run build
	UPDATE_BINDINGS=1 cargo test -p towerdesk bindings

setup:
	@scripts/setup --test

clean:
	cargo clean
	rm -rf ui/dist
