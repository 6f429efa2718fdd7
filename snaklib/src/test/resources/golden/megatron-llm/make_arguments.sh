#!/usr/bin/env bash
# Makes arguments.txt: the argparse flag names of each Megatron-LLM script the generated commands call, read from a
# clone of epfLLM/Megatron-LLM (806a833). Only flag names are kept (facts to check spellings against), no code.
# Usage: make_arguments.sh /path/to/Megatron-LLM > arguments.txt
set -euo pipefail
cd "$1"
echo "# Flag names of epfLLM/Megatron-LLM at $(git rev-parse --short HEAD), one 'SCRIPT FLAG' per line, made by make_arguments.sh"
for s in finetune.py:megatron/arguments.py:finetune.py weights_conversion/hf_to_megatron.py:weights_conversion/hf_to_megatron.py \
         tools/checkpoint_util.py:tools/checkpoint_util.py:tools/checkpoint_loader_megatron.py:tools/checkpoint_saver_megatron.py \
         weights_conversion/megatron_to_hf.py:weights_conversion/megatron_to_hf.py tools/preprocess_data.py:tools/preprocess_data.py; do
  script=${s%%:*}; files=${s#*:}
  for f in ${files//:/ }; do
    git show HEAD:$f | grep -o "add_argument(\s*[\"']--[A-Za-z0-9_-]*" | grep -o -- "--[A-Za-z0-9_-]*"
    if [ "$f" = weights_conversion/hf_to_megatron.py ]; then echo "model"; fi   # its positional argument
  done | sort -u | sed "s|^|$script |"
done
