# SNAK_ENV=cpu ./snak ...: the default natives, offline. Sourced by ./snak before the JVM starts.
# pom.xml pins ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64 (from Maven Central with the build); DJL extracts
# it into ~/.djl.ai/pytorch/2.7.1-*-cpu-linux-x86_64 on first use, and ./snak runs with -Dai.djl.offline=true.
# A shell left with CUDA settings would load another libtorch: clear them.
unset PYTORCH_LIBRARY_PATH PYTORCH_FLAVOR PYTORCH_VERSION
