#!/usr/bin/env bash
# Builds the npm package uscc-wasm into wasm/pkg (web and Node.js ES-module builds),
# the light build (no division names) into wasm/pkg-light, and the
# workbench's build (the whole `uscc check` job) into wasm/pkg-workbench, without
# wasm-pack: cargo, the wasm-bindgen CLI at the crate's exact version, and
# wasm-opt from the npm package binaryen.
set -euo pipefail
cd "$(dirname "$0")"
root=..
target_dir=$root/target/wasm32-unknown-unknown/wasm
wasm_opt=node_modules/.bin/wasm-opt
bindgen_version=$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' Cargo.toml)

[ -x "$wasm_opt" ] || npm ci --no-audit --no-fund
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $bindgen_version"; then
    echo "wasm-bindgen $bindgen_version is needed: cargo install wasm-bindgen-cli --version $bindgen_version --no-default-features" >&2
    exit 1
fi

# $1: cargo feature flags, $2: output folder.
build() {
    cargo build -p uscc-wasm --target wasm32-unknown-unknown --profile wasm $1
    rm -rf "$2" && mkdir -p "$2"
    wasm-bindgen --target web --out-dir "$2/web" "$target_dir/uscc_wasm.wasm"
    wasm-bindgen --target experimental-nodejs-module --out-dir "$2/node" "$target_dir/uscc_wasm.wasm"
    for f in "$2"/web/uscc_wasm_bg.wasm "$2"/node/uscc_wasm_bg.wasm; do
        "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
            --enable-mutable-globals --enable-reference-types --enable-multivalue "$f" -o "$f"
    done
    cp README.md "$2/"
    cat > "$2/package.json" <<JSON
{
  "name": "uscc-wasm",
  "version": "$(sed -n 's/^version = "\(.*\)"$/\1/p' $root/Cargo.toml | head -1)",
  "description": "Validate China's Unified Social Credit Code (统一社会信用代码, GB 32100-2015) in the browser and Node.js",
  "license": "MIT OR Apache-2.0",
  "keywords": ["uscc", "unified-social-credit-code", "统一社会信用代码", "gb32100", "validation", "webassembly"],
  "type": "module",
  "main": "./node/uscc_wasm.js",
  "module": "./web/uscc_wasm.js",
  "types": "./web/uscc_wasm.d.ts",
  "exports": {
    ".": {
      "types": "./web/uscc_wasm.d.ts",
      "node": "./node/uscc_wasm.js",
      "default": "./web/uscc_wasm.js"
    }
  },
  "files": ["web", "node", "README.md"],
  "sideEffects": false
}
JSON
}

build "" pkg
build "--no-default-features" pkg-light
build "--features workbench" pkg-workbench
# The demo page serves the web build next to itself.
rm -rf www/pkg && cp -r pkg/web www/pkg
rm -rf www/pkg-workbench && cp -r pkg-workbench/web www/pkg-workbench
echo "built wasm/pkg (with division names), wasm/pkg-light (without) and wasm/pkg-workbench (the whole check job)"
