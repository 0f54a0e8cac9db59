"""Kernel-side proof that a hidden check leaves no trace (scripts/staging.py injects this file).

A reader's copy of a chapter has no hidden checks (cells tagged ``remove-cell``), so whatever a
hidden check changes that a later cell uses would make the reader see other outputs than the page
shows. Before each hidden check runs, `HiddenCheckGuard.before` records what later cells could
see; `after` compares and raises AssertionError naming every difference:

- random state: torch (CPU and every initialised CUDA device), NumPy's global generator, `random`;
- names: a global added, removed or bound to another object;
- objects: the contents of every global tensor, array, module (parameters, buffers, gradients,
  train/eval mode), optimizer, scheduler, generator, and of containers and plain objects holding
  them (a few levels deep);
- settings: grad mode, default dtype, deterministic algorithms, thread count, environment variables,
  working folder, open matplotlib figures;
- files: every file under the working folder (``data/``, the datasets, is not walked).

This file is executed inside the chapter's kernel, so it imports nothing from this repository.
"""
import hashlib
import os
import random
import sys

IPYTHON_NAMES = {"In", "Out", "get_ipython", "exit", "quit", "open"}
TORCH_SETS = ("TORCHINDUCTOR_",)  # set by torch itself on first use of torch.optim, not by a check
LARGE = 1 << 24  # bytes: a larger tensor is followed by its version counter instead of a hash


def _is_ipython_name(name):
    stripped = name.lstrip("_")
    return (name in IPYTHON_NAMES or name.startswith("__") or not stripped
            or stripped.isdigit() or set(stripped) == {"i"}
            or (stripped.startswith("i") and stripped[1:].isdigit()) or name in ("_oh", "_ih", "_dh"))


def _tensor_print(t):
    import torch
    if isinstance(t, torch.nn.parameter.UninitializedTensorMixin):
        return ("uninitialized", id(t))
    if t.device.type == "meta":
        return ("meta", tuple(t.shape), str(t.dtype))
    base = (str(t.device), tuple(t.shape), str(t.dtype), t.requires_grad)
    if t.is_sparse or t.layout != torch.strided:
        return base + (t._version,)
    if t.numel() * t.element_size() > LARGE:
        return base + (t.data_ptr(), t._version)
    data = t.detach().cpu().contiguous()
    if data.dtype in (torch.bfloat16, torch.float16) or data.is_complex() or data.dtype == torch.bool:
        data = data.to(torch.float64) if not data.is_complex() else torch.view_as_real(data)
    digest = hashlib.blake2b(data.numpy().tobytes(), digest_size=16).hexdigest()
    grad = _tensor_print(t.grad) if t.is_leaf and t.grad is not None else None
    return base + (digest, grad)


def _fingerprint(value, depth=0, seen=None):
    """A comparable summary of `value`'s contents (identity only for code and modules)."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return ("seen", id(value))
    torch = sys.modules.get("torch")
    np = sys.modules.get("numpy")
    if value is None or isinstance(value, (bool, int, float, complex, str, bytes)):
        return repr(value)
    if torch is not None:
        if isinstance(value, torch.Tensor):
            return _tensor_print(value)
        if isinstance(value, torch.nn.Module):
            return ("module", tuple((name, m.training) for name, m in value.named_modules()),
                    tuple((k, _tensor_print(v)) for k, v in value.state_dict(keep_vars=True).items()))
        if isinstance(value, torch.Generator):
            return ("generator", _tensor_print(value.get_state()))
        if isinstance(value, torch.optim.Optimizer) or type(value).__module__.startswith(
                "torch.optim.lr_scheduler"):
            seen.add(id(value))  # its state_dict() is made anew on each call: compare its contents
            return ("state", _fingerprint(value.state_dict(), 0, set()))
        if isinstance(value, (torch.dtype, torch.device, torch.Size)):
            return repr(value)
    if np is not None and isinstance(value, np.ndarray):
        if value.dtype == object:
            return ("ndarray", value.shape, _fingerprint(value.tolist(), depth + 1, seen))
        return ("ndarray", value.shape, str(value.dtype),
                hashlib.blake2b(value.tobytes(), digest_size=16).hexdigest())
    if callable(value) or type(value).__name__ == "module":
        return ("object", id(value))
    if depth >= 4:  # deeper than this only the kind and size are compared
        return ("deep", type(value).__qualname__, len(value) if hasattr(value, "__len__") else None)
    seen.add(id(value))
    if isinstance(value, dict):
        return ("dict", tuple((repr(k), _fingerprint(v, depth + 1, seen))
                              for k, v in list(value.items())[:2000]))
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return (type(value).__name__, len(value),
                tuple(_fingerprint(v, depth + 1, seen) for v in list(items)[:2000]))
    attributes = getattr(value, "__dict__", None)
    if isinstance(attributes, dict):
        return ("object", type(value).__qualname__, _fingerprint(attributes, depth + 1, seen))
    return ("object", id(value))


def _random_state():
    state = {"random": hash(str(random.getstate()))}
    torch = sys.modules.get("torch")
    if torch is not None:
        state["torch"] = _tensor_print(torch.random.get_rng_state())
        if torch.cuda.is_available() and torch.cuda.is_initialized():
            state["torch.cuda"] = [_tensor_print(s) for s in torch.cuda.get_rng_state_all()]
    np = sys.modules.get("numpy")
    if np is not None:
        kind, keys, *rest = np.random.get_state()
        state["numpy"] = (kind, hashlib.blake2b(keys.tobytes()).hexdigest(), tuple(rest))
    return state


def _settings():
    settings = {"cwd": os.getcwd(), "environ": dict(os.environ)}
    torch = sys.modules.get("torch")
    if torch is not None:
        settings.update(grad=torch.is_grad_enabled(), dtype=str(torch.get_default_dtype()),
                        deterministic=torch.are_deterministic_algorithms_enabled(),
                        threads=torch.get_num_threads())
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        settings["figures"] = plt.get_fignums()
    return settings


def _files(top):
    found = {}
    for folder, subfolders, files in os.walk(top):
        if folder == top:
            subfolders[:] = [s for s in subfolders if s != "data"]
        for name in files:
            path = os.path.join(folder, name)
            info = os.lstat(path)
            found[os.path.relpath(path, top)] = (info.st_size, info.st_mtime_ns)
    return found


class HiddenCheckGuard:
    def __init__(self, namespace):
        self.namespace = namespace
        self.top = os.getcwd()
        self.state = None

    def _globals(self):
        return {k: v for k, v in self.namespace.items()
                if not _is_ipython_name(k) and not isinstance(v, HiddenCheckGuard)}

    def _snapshot(self):
        names = self._globals()
        return {"random": _random_state(), "settings": _settings(), "files": _files(self.top),
                "names": {k: id(v) for k, v in names.items()},
                "contents": {k: _fingerprint(v) for k, v in names.items()}}

    def before(self):
        self.state = self._snapshot()

    def after(self):
        old, new = self.state, self._snapshot()
        problems = []
        added = sorted(set(new["names"]) - set(old["names"]))
        removed = sorted(set(old["names"]) - set(new["names"]))
        if added:
            problems.append(f"new names {added} (del them at the end of the check)")
        if removed:
            problems.append(f"removed names {removed}")
        for name in sorted(set(old["names"]) & set(new["names"])):
            if old["names"][name] != new["names"][name]:
                problems.append(f"{name!r} bound to another object")
            elif old["contents"][name] != new["contents"][name]:
                problems.append(f"{name!r} changed (contents, mode or gradients)")
        for kind in sorted(set(old["random"]) | set(new["random"])):
            if old["random"].get(kind) != new["random"].get(kind):
                problems.append(f"{kind} random state moved (draw inside torch.random.fork_rng())")
        for key in sorted(old["settings"]):
            if key == "environ":
                env_old, env_new = old["settings"][key], new["settings"][key]
                changed = sorted(k for k in set(env_old) | set(env_new) if env_old.get(k) != env_new.get(k)
                                 and not k.startswith(TORCH_SETS))
                if changed:
                    problems.append(f"environment variables changed: {changed}")
            elif old["settings"][key] != new["settings"].get(key):
                problems.append(f"setting {key!r} changed")
        if old["files"] != new["files"]:
            changed = sorted(set(old["files"].items()) ^ set(new["files"].items()))
            problems.append(f"files changed: {sorted({path for path, _ in changed})}")
        self.state = None
        if problems:
            raise AssertionError("this hidden check leaves a trace a reader's copy would not have: "
                                 + "; ".join(problems))
