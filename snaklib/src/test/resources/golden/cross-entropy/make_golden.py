"""Golden values for dk.snaklib.model.CrossEntropy: torch's CrossEntropyLoss(ignore_index=-100), mean and sum
reductions, and the gradient of the mean with respect to the logits. Run: /usr/bin/python3 make_golden.py"""
import json
import torch

torch.manual_seed(20261202)
logits = (torch.randn(2, 6, 11, dtype=torch.float64) * 3).requires_grad_(True)
targets = torch.randint(0, 11, (2, 6))
targets[0, 1] = -100
targets[0, 5] = -100
targets[1, 0] = -100
targets[1, 2] = -100
targets[1, 3] = -100
mean = torch.nn.functional.cross_entropy(logits.reshape(-1, 11), targets.reshape(-1), ignore_index=-100)
total = torch.nn.functional.cross_entropy(logits.reshape(-1, 11), targets.reshape(-1), ignore_index=-100,
                                          reduction="sum")
mean.backward()
out = {
    "shape": list(logits.shape),
    "logits": logits.detach().reshape(-1).tolist(),
    "targets": targets.reshape(-1).tolist(),
    "mean": mean.item(),
    "sum": total.item(),
    "grad_of_mean": logits.grad.reshape(-1).tolist(),
    "torch": torch.__version__,
}
with open("cross_entropy.json", "w") as f:
    json.dump(out, f, indent=1)
