"""What one forward pass needs to know about the rows it runs."""

from dataclasses import dataclass

import torch

from .lora.batch import LoraBatch


@dataclass(slots=True)
class StepBatch:
    input_ids: torch.Tensor  # [B, T], prompts right-padded in prefill, T = 1 in decode
    positions: torch.Tensor  # [B, T] (a pad repeats its row's last position)
    slots: torch.Tensor  # [B] KV-cache slot of each row
    slot_range: tuple[int, int] | None  # (first, end) when slots are consecutive: views, no copies
    prefill: bool
    # position of each row's first new token (prefill: 0, or past a shared prefix)
    starts: list[int]
    lengths: list[int]  # context length of each row after this step
    length_tensor: torch.Tensor  # the same, int64 on the CPU (for the native attention kernel)
    last: torch.Tensor  # [B] index of each row's last real token
    lora: LoraBatch | None = None  # when any row runs an adapter

    @property
    def size(self) -> int:
        return self.input_ids.shape[0]

    @property
    def continues(self) -> bool:
        """A prefill where some row begins past positions already in its cache slot."""
        return self.prefill and any(self.starts)

    @staticmethod
    def build(
        rows: list[list[int]], starts: list[int], slots: list[int], prefill: bool, device
    ) -> "StepBatch":
        """rows: the new tokens of each sequence; starts: the position of each row's first new token."""
        width = max(map(len, rows))
        ids = torch.zeros(len(rows), width, dtype=torch.long)
        pos = torch.zeros(len(rows), width, dtype=torch.long)
        for i, (r, s) in enumerate(zip(rows, starts, strict=True)):
            ids[i, : len(r)] = torch.tensor(r)
            pos[i] = torch.arange(s, s + width).clamp(max=s + len(r) - 1)
        lengths = [s + len(r) for r, s in zip(rows, starts, strict=True)]
        consecutive = slots == list(range(slots[0], slots[0] + len(slots)))
        return StepBatch(
            input_ids=ids.to(device),
            positions=pos.to(device),
            slots=torch.tensor(slots, device=device),
            slot_range=(slots[0], slots[0] + len(slots)) if consecutive else None,
            prefill=prefill,
            starts=list(starts),
            lengths=lengths,
            length_tensor=torch.tensor(lengths),
            last=torch.tensor([len(r) - 1 for r in rows], device=device),
        )
