"""CPU vs GPU timings for chapter 09 (GPU 사용하기), printed as a Markdown table.

Chapter 09 runs on CPU-only machines, where it skips its GPU measurements. This script makes the same
measurements as the chapter's GPU branch, with warm-up and ``torch.cuda.synchronize()``:

* one float32 matrix product (4096 x 4096 on a GPU machine), plus the wrong, unsynchronized GPU timing;
* one training epoch of the chapter's small CNN (Conv-BN-ReLU-Pool x2 + Linear) on FashionMNIST's
  60,000 training images, pre-converted to one tensor and moved to the device once;
* host-to-device copies of a batch of images (256 x 1 x 28 x 28) and of 128 MiB (the chapter's
  size), from ordinary (pageable) memory and from pinned memory (``pin_memory()``).

Run it on a machine with an NVIDIA GPU and keep the output for the book:

    python bench/gpu_timing.py    (its table goes into bench/gpu.md with scripts/gpu_chapters.py's)

FashionMNIST is read from ``$BOOK_DATA_MIRROR`` when set, else from ``notebooks/data`` (downloaded there
by torchvision if missing). Without CUDA the script still runs: it explains that there is no GPU,
times the matrix product on the CPU only (1024 x 1024, to stay quick) and skips the epoch.
"""
import argparse
import os
import platform
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn
from torchvision import datasets

REPO = Path(__file__).resolve().parent.parent


def synchronize(dev):
    if dev.type == "cuda":
        torch.cuda.synchronize()
    elif dev.type == "mps":
        torch.mps.synchronize()


def time_it(fn, dev, warmup=3, repeats=10):
    """Mean seconds of fn() over `repeats` calls, after `warmup` calls, synchronized on both sides."""
    for _ in range(warmup):
        fn()
    synchronize(dev)
    start = time.perf_counter()
    for _ in range(repeats):
        fn()
    synchronize(dev)
    return (time.perf_counter() - start) / repeats


def time_matmul(n, dev, repeats=10):
    torch.manual_seed(0)
    a, b = torch.randn(n, n, device=dev), torch.randn(n, n, device=dev)
    return time_it(lambda: a @ b, dev, repeats=repeats)


def time_matmul_without_sync(n, dev):
    """The classic mistake: after a warm-up, time one GPU matmul without waiting for it."""
    torch.manual_seed(0)
    a, b = torch.randn(n, n, device=dev), torch.randn(n, n, device=dev)
    time_it(lambda: a @ b, dev, repeats=1)
    start = time.perf_counter()
    a @ b
    seconds = time.perf_counter() - start
    synchronize(dev)
    return seconds


def load_fashion_mnist(root):
    train_set = datasets.FashionMNIST(root=str(root), train=True, download=True)
    images = train_set.data.unsqueeze(1).float().div(255)
    images = (images - images.mean()) / images.std()
    return images, train_set.targets


def make_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 16, kernel_size=3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, kernel_size=3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 10),
    )


def train_one_epoch(images, labels, dev, batch_size=128, max_batches=None):
    torch.manual_seed(0)
    cnn = make_cnn().to(dev)
    optimizer = torch.optim.Adam(cnn.parameters(), lr=1e-3)
    X_all, y_all = images.to(dev), labels.to(dev)
    batches = torch.randperm(len(X_all), device=dev).split(batch_size)[:max_batches]
    for idx in batches:
        loss = F.cross_entropy(cnn(X_all[idx]), y_all[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return loss.item()


def time_epoch(images, labels, dev, batch_size=128):
    train_one_epoch(images, labels, dev, batch_size, max_batches=5)  # warm-up
    synchronize(dev)
    start = time.perf_counter()
    last_loss = train_one_epoch(images, labels, dev, batch_size)
    synchronize(dev)
    return time.perf_counter() - start, last_loss


def time_copy(numel, pinned, dev):
    """Mean seconds to copy a float32 tensor of `numel` elements from the host to `dev`."""
    host = torch.randn(numel)
    if pinned:
        host = host.pin_memory()
    return time_it(lambda: host.to(dev, non_blocking=pinned), dev)


def speedup(cpu_seconds, gpu_seconds):
    ratio = cpu_seconds / gpu_seconds
    return f"{ratio:.0f}배" if ratio >= 10 else f"{ratio:.1f}배"


def fmt_seconds(seconds):
    return f"{seconds * 1000:.2f} ms" if seconds < 1 else f"{seconds:.1f} s"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matmul-size", type=int, default=None,
                        help="matrix size n (default 4096 with CUDA, 1024 without)")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--data-root", type=Path,
                        default=Path(os.environ.get("BOOK_DATA_MIRROR") or REPO / "notebooks" / "data"))
    args = parser.parse_args()

    has_cuda = torch.cuda.is_available()
    n = args.matmul_size or (4096 if has_cuda else 1024)
    cpu, gpu = torch.device("cpu"), torch.device("cuda")

    print("# CPU vs GPU 시간 측정 (09장)\n")
    print(f"- 실행: {time.strftime('%Y-%m-%d')} · Python {platform.python_version()} · torch {torch.__version__}")
    print(f"- CPU: {platform.machine()}, PyTorch 스레드 {torch.get_num_threads()}개")
    if has_cuda:
        print(f"- GPU: {torch.cuda.get_device_name(0)} (CUDA {torch.version.cuda})")
    else:
        print("- GPU: 없음. CUDA GPU를 찾지 못해 CPU 행렬 곱만 (작은 크기로) 재고, "
              "GPU 측정과 CNN 한 에폭은 건너뜁니다. GPU가 있는 컴퓨터에서 다시 실행하세요.")
    print("- 방법: 워밍업 후 `time.perf_counter()`로 재고, 측정 전후에 `torch.cuda.synchronize()`를 부릅니다. "
          f"float32 행렬 곱(TF32 {'켜짐' if torch.backends.cuda.matmul.allow_tf32 else '꺼짐'}), 10회 평균.\n")

    rows = []
    cpu_mm = time_matmul(n, cpu)
    label = f"행렬 곱 {n}x{n}"
    if has_cuda:
        gpu_mm = time_matmul(n, gpu)
        rows.append((label, fmt_seconds(cpu_mm), fmt_seconds(gpu_mm), speedup(cpu_mm, gpu_mm)))
        wrong = time_matmul_without_sync(n, gpu)
        rows.append((f"{label}, 동기화 없이 잰 잘못된 값", "", fmt_seconds(wrong), "(의미 없음)"))
        images, labels = load_fashion_mnist(args.data_root)
        gpu_epoch, _ = time_epoch(images, labels, gpu, args.batch_size)
        cpu_epoch, _ = time_epoch(images, labels, cpu, args.batch_size)
        rows.append((f"작은 CNN 1 에폭 (FashionMNIST {len(images):,}장, 배치 {args.batch_size})",
                     fmt_seconds(cpu_epoch), fmt_seconds(gpu_epoch), speedup(cpu_epoch, gpu_epoch)))
        for label, numel in [("배치 256x1x28x28", 256 * 28 * 28), ("128 MiB", 32 * 2**20)]:
            pageable, pinned = time_copy(numel, False, gpu), time_copy(numel, True, gpu)
            gbps = numel * 4 / pinned / 1e9
            rows.append((f"CPU→GPU 복사 {label}: 평범한 메모리 → 고정 메모리", fmt_seconds(pageable),
                         f"{fmt_seconds(pinned)} ({gbps:.1f} GB/s)", speedup(pageable, pinned)))
    else:
        rows.append((label, fmt_seconds(cpu_mm), "—", "—"))

    print("| 측정 | CPU (복사: 평범한 메모리) | GPU (복사: 고정 메모리) | 빠른 정도 |")
    print("|---|---:|---:|---:|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
