"""Token ids and labels for one conversation: the loss falls only on assistant tokens.

The prompt part of each turn is tokenized exactly as the engine tokenizes a chat prompt (chat
template with the generation prompt, no added special tokens), so training sees what inference
sees. Each assistant reply is learned up to and including its end-of-turn token."""

from dataclasses import dataclass

IGNORE = -100


@dataclass(slots=True)
class Encoded:
    ids: list[int]
    labels: list[int]
    truncated: bool

    @property
    def n_target(self) -> int:
        return sum(t != IGNORE for t in self.labels)


def encode(tokenizer, messages: list[dict], max_len: int) -> Encoded:
    def text(msgs: list[dict], gen: bool) -> str:
        return tokenizer.apply_chat_template(msgs, add_generation_prompt=gen, tokenize=False)

    def tok(s: str) -> list[int]:
        return tokenizer.encode(s, add_special_tokens=False) if s else []

    ids: list[int] = []
    labels: list[int] = []
    done = ""  # the template text already turned into ids
    for k, m in enumerate(messages):
        if m["role"] != "assistant":
            continue
        prompt, full = text(messages[:k], True), text(messages[: k + 1], False)
        if not (prompt.startswith(done) and full.startswith(prompt)):
            raise ValueError("the chat template does not extend turn by turn")
        reply = full[len(prompt) :]
        at = reply.rfind(m["content"])
        end = at + len(m["content"]) if at >= 0 else len(reply.rstrip("\n"))
        eot = _end_of_turn(reply[end:])
        part = tok(prompt[len(done) :])
        target = tok(reply[: end + len(eot)])
        ids += part + target
        labels += [IGNORE] * len(part) + target
        done = prompt + reply[: end + len(eot)]
    return Encoded(ids[:max_len], labels[:max_len], len(ids) > max_len)


def _end_of_turn(rest: str) -> str:
    """The end-of-turn marker after a reply (e.g. `<|im_end|>`), without the newline after it."""
    stripped = rest.rstrip("\n")
    return stripped if stripped.startswith("<|") else ""
