"""Executes one notebook many times in one snaklib kernel, as nbconvert --execute does (nbclient), and prints
each run's code-cell outputs as one JSON line, so the caller can compare them exactly.

  JUPYTER_PATH=/tmp/k/share/jupyter /usr/bin/python3 repeat_execute.py NOTEBOOK RUNS

One kernel for all runs keeps the test short: the race it guards against is between a cell's end and its
output stream, so what matters is how many cells end, not how many kernels start.
"""
import json
import sys

import nbformat
from nbclient import NotebookClient


def outputs(cell):
    """A cell's outputs without execution counts, streams of one name merged (front ends show them so)."""
    merged = []
    for o in cell.get("outputs", []):
        o = {k: v for k, v in o.items() if k not in ("execution_count", "metadata", "transient")}
        if merged and o["output_type"] == "stream" and merged[-1]["output_type"] == "stream" \
                and merged[-1]["name"] == o["name"]:
            merged[-1]["text"] += o["text"]
        else:
            merged.append(o)
    return merged


def main(path, runs):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="snaklib", timeout=120)
    with client.setup_kernel():
        for run in range(runs):
            for index, cell in enumerate(nb.cells):
                if cell.cell_type == "code":
                    cell.outputs = []
                    client.execute_cell(cell, index)
            print(json.dumps([outputs(c) for c in nb.cells if c.cell_type == "code"], sort_keys=True), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
