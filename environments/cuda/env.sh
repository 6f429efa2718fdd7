# SNAK_ENV=cuda LIBTORCH=/path/to/libtorch ./snak ... --device gpu: DJL on libtorch 2.7.1+cu128. Sourced by ./snak.
# DJL 0.36 looks at PYTORCH_LIBRARY_PATH first; cu128 is the only CUDA flavour it packages for libtorch 2.7.x.
if [ -n "${LIBTORCH:-}" ]; then
  export PYTORCH_LIBRARY_PATH="$LIBTORCH/lib"
fi
if [ -z "${PYTORCH_LIBRARY_PATH:-}" ]; then
  echo "snak: SNAK_ENV=cuda needs LIBTORCH=/path/to/libtorch (the unpacked libtorch 2.7.1+cu128 zip) or PYTORCH_LIBRARY_PATH=.../libtorch/lib (environments/cuda/README.md)" >&2
  exit 1
fi
if [ ! -f "$PYTORCH_LIBRARY_PATH/libtorch_cuda.so" ]; then
  echo "snak: $PYTORCH_LIBRARY_PATH has no libtorch_cuda.so: not a CUDA libtorch (environments/cuda/README.md)" >&2
  exit 1
fi
export PYTORCH_FLAVOR="${PYTORCH_FLAVOR:-cu128}"
export PYTORCH_VERSION="${PYTORCH_VERSION:-2.7.1}"
