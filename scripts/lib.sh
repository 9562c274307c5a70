# Shared helpers for scripts/*: source it, do not run it.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac

exe_suffix() {
  case "$(uname -s)" in MINGW*|MSYS*|CYGWIN*|Windows_NT) echo .exe ;; *) echo "" ;; esac
}

# The UI as it ships, into ui/dist (the app embeds it with the custom-protocol feature).
build_ui() {
  echo "build: UI (npm --prefix ui run build)"
  npm --prefix "$ROOT/ui" run --silent build
}

# The app as it ships (frontend embedded): debug by default, `build_app --release` for release.
build_app() {
  echo "build: app (cargo build -p towerdesk --features custom-protocol${*:+ $*})"
  (cd "$ROOT" && cargo build -p towerdesk --features custom-protocol "$@")
}

app_binary() { # [debug|release]
  echo "$TARGET_DIR/${1:-debug}/towerdesk$(exe_suffix)"
}

# WebKitGTK under Xvfb and some GPU drivers shows a blank window without this.
linux_webkit_env() {
  [ "$(uname -s)" = Linux ] || return 0
  export WEBKIT_DISABLE_DMABUF_RENDERER="${WEBKIT_DISABLE_DMABUF_RENDERER:-1}"
}
