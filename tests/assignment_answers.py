"""Answers a class might hand in, per chapter: each replaces one question's answer cell.

``WRONG`` answers must score 0 on their question (each classic mistake a chapter teaches is here);
``RIGHT`` answers are different-but-correct ways that must score full marks. Used by
tests/test_assignments.py, which runs the chapter's setup, the question's cells and then its tests.
"""

FIT_TEMPLATE = (
    "def fit(model, train_loader, val_loader, loss_fn, optimizer, epochs):\n    history = []\n"
    "    for epoch in range(epochs):\n        model.train()\n        for x, y in TRAIN:\n"
    "            loss = loss_fn(model(x), y)\n            optimizer.zero_grad()\n            loss.backward()\n"
    "            optimizer.step()\n        model.eval()\n        correct = 0\n        with torch.no_grad():\n"
    "            for x, y in val_loader:\n                correct += (model(x).argmax(dim=1) == y).sum().item()\n"
    "        history.append(correct / len(val_loader.dataset))\n    return history"
)

LINEAR = "weight_shape = {shape}\n\n\ndef manual_linear(x, layer):\n    return {body}\n\n\nmanual_out = manual_linear(x, layer)"
DROPOUT = "def eval_forward(drop, x):\n{body}\n\n\neval_out = eval_forward(drop, ones)\ntrain_scale = {scale}"
LOAD_FRESH = ('torch.save({save}, "checkpoints/model.pt")\n\n\ndef load_fresh(path):\n    return {body}\n\n\n'
              'fresh = load_fresh("checkpoints/model.pt")')

WRONG = {
    "01_tensors": [
        ("q1", "row instead of column", "grid = torch.arange(12).reshape(3, 4)\ncol = grid[1]"),
        ("q1", "1..12", "grid = torch.arange(1, 13).reshape(3, 4)\ncol = grid[:, 1]"),
        ("q2", "cat and stack swapped", "joined = torch.stack([a, b])\nstacked = torch.cat([a, b])"),
        ("q3", "wrong letter", 'answer_q3 = "D"'),
        ("q4", "column order (t.T)", "flat = t.T.reshape(-1)"),
        ("q4", "a fresh arange", "flat = torch.arange(6)"),
        ("q5", "copy semantics", "answer_q5 = 0"),
    ],
    "02_autograd": [
        ("q1", "backward twice", "x1 = torch.tensor(2.0, requires_grad=True)\ny1 = x1 ** 3 + 2 * x1\n"
         "y1.backward(retain_graph=True)\ny1.backward()\ngrad_value = x1.grad.item()"),
        ("q1", "derivative at 3", "x1 = torch.tensor(3.0, requires_grad=True)\n(x1 ** 3 + 2 * x1).backward()\n"
         "grad_value = x1.grad.item()"),
        ("q2", "no accumulation", "answer_q2 = 2"),
        ("q3", "grad never cleared", "for step in range(100):\n    loss = ((w * xs - ys) ** 2).mean()\n"
         "    loss.backward()\n    with torch.no_grad():\n        w -= lr * w.grad"),
        ("q3", "update outside no_grad", "for step in range(100):\n    loss = ((w * xs - ys) ** 2).mean()\n"
         "    loss.backward()\n    w = w - lr * w.grad"),
        ("q5", "float32 input, hard-coded True", "t5 = torch.rand(4, requires_grad=True)\ncheck_ok = True"),
    ],
    "03_datasets": [
        ("q1", "image shape without ToTensor", "n_test = len(test_data)\nimage_shape = tuple(test_data.data[0].shape)\n"
         "first_label_name = test_data.classes[test_data[0][1]]"),
        ("q1", "training set size", "n_test = 60000\nimage_shape = (1, 28, 28)\n"
         "first_label_name = test_data.classes[test_data[0][1]]"),
        ("q2", "int64 tensors", "class SquaresDataset(Dataset):\n    def __init__(self, n):\n        self.n = n\n"
         "    def __len__(self):\n        return self.n\n    def __getitem__(self, i):\n"
         "        return torch.tensor(i), torch.tensor(i ** 2)"),
        ("q2", "off by one", "class SquaresDataset(Dataset):\n    def __init__(self, n):\n        self.n = n\n"
         "    def __len__(self):\n        return self.n\n    def __getitem__(self, i):\n"
         "        x = torch.tensor(float(i + 1))\n        return x, x ** 2"),
        ("q3", "kept the last batch", "answer_q3 = 16"),
        ("q4", "statistics of uint8 pixels", "pixel_mean = raw.float().mean().item()\npixel_std = raw.float().std().item()"),
        ("q4", "per-image std", "scaled = raw.float() / 255\npixel_mean = scaled.mean().item()\n"
         "pixel_std = scaled.std(dim=(1, 2)).mean().item()"),
        ("q5", "index 0 always", "def one_hot(y):\n    return torch.zeros(10).scatter_(0, torch.tensor(0), value=1)"),
        ("q6", "torch.stack on ragged sequences", "def pad_collate(batch):\n    seqs = [s for s, _ in batch]\n"
         "    return torch.stack(seqs), torch.tensor([len(s) for s in seqs]), torch.tensor([l for _, l in batch])"),
        ("q6", "time-first padding", "def pad_collate(batch):\n    seqs = [s for s, _ in batch]\n"
         "    return pad_sequence(seqs), torch.tensor([len(s) for s in seqs]), torch.tensor([l for _, l in batch])"),
        ("q6", "lengths after padding", "def pad_collate(batch):\n    seqs = [s for s, _ in batch]\n"
         "    padded = pad_sequence(seqs, batch_first=True)\n"
         "    return padded, torch.tensor([len(r) for r in padded]), torch.tensor([l for _, l in batch])"),
    ],
    "04_layers": [
        ("q1", "bias forgotten", LINEAR.format(shape="tuple(layer.weight.shape)", body="x @ layer.weight.T")),
        ("q1", "shape transposed", LINEAR.format(shape="(5, 3)", body="x @ layer.weight.T + layer.bias")),
        ("q1", "calls the layer it must not call", LINEAR.format(shape="tuple(layer.weight.shape)", body="layer(x)")),
        ("q1", "calls forward", LINEAR.format(shape="tuple(layer.weight.shape)", body="layer.forward(x)")),
        ("q2", "softmax over the batch", 'answer_q2 = "A"'),
        ("q3", "softmax before CrossEntropyLoss", "loss = loss_fn(logits.softmax(dim=1), target)"),
        ("q3", "nll_loss on logits", "loss = F.nll_loss(logits, target)"),
        ("q4", "still in training mode", DROPOUT.format(body="    return drop(x)", scale="2.0")),
        ("q4", "no_grad instead of eval", DROPOUT.format(body="    with torch.no_grad():\n        return drop(x)",
                                                          scale="2.0")),
        ("q4", "scale p", DROPOUT.format(body="    drop.eval()\n    return drop(x)", scale="0.5")),
        ("q4", "the input itself in eval mode", DROPOUT.format(body="    drop.eval()\n    return x", scale="2.0")),
        ("q4", "a copy of the input", DROPOUT.format(body="    drop.eval()\n    return x.clone()", scale="2.0")),
        ("q5", "padding assumed", "conv_out_shape = (1, 8, 32, 32)"),
        ("q6", "sigmoid before BCEWithLogitsLoss", "def binary_loss(logits, targets):\n"
         "    return nn.BCEWithLogitsLoss()(torch.sigmoid(logits), targets)"),
        ("q6", "Sigmoid then BCELoss", "def binary_loss(logits, targets):\n"
         "    return nn.BCELoss()(torch.sigmoid(logits), targets)"),
        ("q6", "loss as a float", "def binary_loss(logits, targets):\n"
         "    return nn.BCEWithLogitsLoss()(logits, targets).item()"),
    ],
    "05_modules": [
        ("q1", "MLP without ReLU", "class MLP(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
         "        self.hidden = nn.Linear(4, 8)\n        self.out = nn.Linear(8, 2)\n"
         "    def forward(self, x):\n        return self.out(self.hidden(x))\n\nnet = MLP()"),
        ("q1", "layers made in forward", "class MLP(nn.Module):\n    def forward(self, x):\n"
         "        return nn.Linear(8, 2)(torch.relu(nn.Linear(4, 8)(x)))\n\nnet = MLP()"),
        ("q1", "sigmoid instead of ReLU", "class MLP(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
         "        self.hidden = nn.Linear(4, 8)\n        self.out = nn.Linear(8, 2)\n"
         "    def forward(self, x):\n        return self.out(torch.sigmoid(self.hidden(x)))\n\nnet = MLP()"),
        ("q2", "plain list kept", "class GoodStack(BadStack):\n    pass"),
        ("q2", "one layer three times", "class GoodStack(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
         "        self.layers = nn.ModuleList([nn.Linear(4, 4)] * 3)\n    def forward(self, x):\n"
         "        for layer in self.layers:\n            x = layer(x)\n        return x"),
        ("q3", "plain tensor attribute", "class Scaler(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
         "        self.scale = torch.tensor([1.0, 2.0, 3.0])\n    def forward(self, x):\n        return x * self.scale"),
        ("q3", "frozen parameter", "class Scaler(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
         "        self.scale = nn.Parameter(torch.tensor([1.0, 2.0, 3.0]), requires_grad=False)\n"
         "    def forward(self, x):\n        return x * self.scale"),
        ("q4", "wrong letter", 'answer_q4 = "A"'),
        ("q5", "wrong letter", 'answer_q5 = "B"'),
    ],
    "06_parameters": [
        ("q1", "counted tensors", "n_params = len(list(model.parameters()))"),
        ("q1", "weights only", "n_params = sum(p.numel() for p in model.parameters() if p.dim() > 1)"),
        ("q2", "kaiming instead of xavier", "def init_weights(m):\n    if isinstance(m, nn.Linear):\n"
         "        nn.init.kaiming_uniform_(m.weight)\n        nn.init.zeros_(m.bias)"),
        ("q2", "bias forgotten", "def init_weights(m):\n    if isinstance(m, nn.Linear):\n"
         "        nn.init.xavier_uniform_(m.weight)"),
        ("q3", "requires_grad attribute on the module", "model2[0].requires_grad = False\n"
         "n_trainable = sum(p.numel() for p in model2.parameters() if p.requires_grad)"),
        ("q3", "weight only frozen", "model2[0].weight.requires_grad_(False)\n"
         "n_trainable = sum(p.numel() for p in model2.parameters() if p.requires_grad)"),
        ("q4", "zeros", 'answer_q4 = "A"'),
        ("q5", "never called", "def make_lazy():\n    return nn.LazyLinear(4)\n\nlazy = make_lazy()"),
        ("q5", "wrong input size", "def make_lazy():\n    return nn.LazyLinear(4)\n\nlazy = make_lazy()\n"
         "lazy(torch.rand(7, 2))"),
        ("q5", "plain layer where a lazy one is asked", "def make_lazy():\n    return nn.Linear(7, 4)\n\n"
         "lazy = make_lazy()\nlazy(torch.rand(2, 7))"),
    ],
    "07_custom_layers": [
        ("q1", "column means", "class CenteredLayer(nn.Module):\n    def forward(self, x):\n        return x - x.mean(dim=0)"),
        ("q1", "sign flipped", "class CenteredLayer(nn.Module):\n    def forward(self, x):\n        return x.mean() - x"),
        ("q2", "no ReLU", "class MyLinear(nn.Module):\n    def __init__(self, in_units, units):\n        super().__init__()\n"
         "        self.weight = nn.Parameter(torch.randn(in_units, units))\n"
         "        self.bias = nn.Parameter(torch.zeros(units))\n"
         "    def forward(self, x):\n        return x @ self.weight + self.bias"),
        ("q2", "plain tensors", "class MyLinear(nn.Module):\n    def __init__(self, in_units, units):\n        super().__init__()\n"
         "        self.weight = torch.randn(in_units, units)\n        self.bias = torch.zeros(units)\n"
         "    def forward(self, x):\n        return torch.relu(x @ self.weight + self.bias)"),
        ("q3", ".data kept", "GoodScale = BadScale"),
        ("q3", "detach", "class GoodScale(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
         "        self.w = nn.Parameter(torch.tensor(2.0))\n    def forward(self, x):\n        return x * self.w.detach()"),
        ("q4", "wrong letter", 'answer_q4 = "B"'),
    ],
    "08_save_load": [
        ("q1", "not loaded from the file", 'torch.save(tensors, "checkpoints/tensors.pt")\nloaded = tensors'),
        ("q1", "wrong path", 'torch.save(tensors, "tensors.pt")\nloaded = torch.load("tensors.pt")'),
        ("q2", "whole model pickled, weights_only=False", LOAD_FRESH.format(
            save="model", body='torch.load(path, weights_only=False)')),
        ("q2", "fresh never loaded", LOAD_FRESH.format(save="model.state_dict()", body="make_model()")),
        ("q2", "same object", LOAD_FRESH.format(save="model.state_dict()", body="model")),
        ("q2", "deep copy instead of loading the file", "import copy\n\n" + LOAD_FRESH.format(
            save="model.state_dict()", body="copy.deepcopy(model)")),
        ("q3", "pickling is fine", 'answer_q3 = "A"'),
        ("q4", "optimizer object saved", 'checkpoint = {"epoch": 5, "model_state": net.state_dict(), '
         '"optimizer_state": optimizer}\ntorch.save(checkpoint, "checkpoints/ckpt.pt")'),
        ("q4", "model only", 'checkpoint = {"epoch": 5, "model_state": net.state_dict(), "optimizer_state": {}}\n'
         'torch.save(checkpoint, "checkpoints/ckpt.pt")'),
        ("q5", "weights_only", 'answer_q5 = "B"'),
    ],
    "09_gpu": [
        ("q1", "hard-coded cuda", 'def pick_device():\n    return "cuda"'),
        ("q1", "is_available not called", 'def pick_device():\n'
         '    return "cuda" if torch.cuda.is_available else "cpu"'),
        ("q1", "mps forgotten", 'def pick_device():\n    return "cuda" if torch.cuda.is_available() else "cpu"'),
        ("q2", "moves by itself", 'answer_q2 = "A"'),
        ("q3", "device helper that moves nothing", "def to_device(batch, device):\n    return batch\n\n"
         "def predict(model, batch, device):\n    x, _ = to_device(batch, device)\n    return model.to(device)(x)"),
        ("q3", "model left behind", "def to_device(batch, device):\n    x, y = batch\n"
         "    return x.to(device), y.to(device)\n\ndef predict(model, batch, device):\n"
         "    x, _ = to_device(batch, device)\n    return model(x)"),
        ("q4", "faster GPU", 'answer_q4 = "B"'),
    ],
    "10_training": [
        ("q1", "returns the last batch's loss", "def train_one_epoch(model, loader, loss_fn, optimizer):\n"
         "    model.train()\n    for x, y in loader:\n        loss = loss_fn(model(x), y)\n"
         "        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n    return loss.item()"),
        ("q1", "zero_grad forgotten", "def train_one_epoch(model, loader, loss_fn, optimizer):\n"
         "    model.train()\n    total = 0.0\n    for x, y in loader:\n        loss = loss_fn(model(x), y)\n"
         "        loss.backward()\n        optimizer.step()\n        total += loss.item()\n    return total / len(loader)"),
        ("q1", "zero_grad between backward and step", "def train_one_epoch(model, loader, loss_fn, optimizer):\n"
         "    model.train()\n    total = 0.0\n    for x, y in loader:\n        loss = loss_fn(model(x), y)\n"
         "        loss.backward()\n        optimizer.zero_grad()\n        optimizer.step()\n        total += loss.item()\n"
         "    return total / len(loader)"),
        ("q1", "unweighted mean of batch losses", "def train_one_epoch(model, loader, loss_fn, optimizer):\n"
         "    model.train()\n    total = 0.0\n    for x, y in loader:\n        loss = loss_fn(model(x), y)\n"
         "        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n        total += loss.item()\n"
         "    return total / len(loader)"),
        ("q1", "train mode forgotten", "def train_one_epoch(model, loader, loss_fn, optimizer):\n"
         "    total = 0.0\n    for x, y in loader:\n        loss = loss_fn(model(x), y)\n"
         "        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n        total += loss.item()\n"
         "    return total / len(loader)"),
        ("q2", "step clears", 'answer_q2 = "A"'),
        ("q3", "evaluate without no_grad", "def evaluate(model, loader):\n    model.eval()\n    correct = 0\n"
         "    for x, y in loader:\n        correct += (model(x).argmax(dim=1) == y).sum().item()\n"
         "    return correct / len(loader.dataset)"),
        ("q3", "eval mode forgotten", "def evaluate(model, loader):\n    correct = 0\n    with torch.no_grad():\n"
         "        for x, y in loader:\n            correct += (model(x).argmax(dim=1) == y).sum().item()\n"
         "    return correct / len(loader.dataset)"),
        ("q3", "mean of batch accuracies", "def evaluate(model, loader):\n    model.eval()\n    accs = []\n"
         "    with torch.no_grad():\n        for x, y in loader:\n"
         "            accs.append((model(x).argmax(dim=1) == y).float().mean().item())\n    return sum(accs) / len(accs)"),
        ("q4", "trains on the validation set", FIT_TEMPLATE.replace("TRAIN", "val_loader")),
        ("q4", "trains on both", FIT_TEMPLATE.replace("TRAIN", "list(train_loader) + list(val_loader)")),
        ("q4", "softmax fed to CrossEntropyLoss", FIT_TEMPLATE.replace("TRAIN", "train_loader").replace(
            "loss_fn(model(x), y)", "loss_fn(model(x).softmax(dim=1), y)")),
        ("q4", "validation without no_grad", FIT_TEMPLATE.replace("TRAIN", "train_loader").replace(
            "        with torch.no_grad():\n            for x, y in val_loader:\n                correct",
            "        if True:\n            for x, y in val_loader:\n                correct")),
        ("q6", "dampened momentum", "def momentum_step(w, grad, buf, lr, beta):\n"
         "    buf = beta * buf + (1 - beta) * grad\n    return w - lr * buf, buf"),
        ("q6", "plain SGD", "def momentum_step(w, grad, buf, lr, beta):\n    return w - lr * grad, beta * buf + grad"),
        ("q6", "old buffer used", "def momentum_step(w, grad, buf, lr, beta):\n"
         "    return w - lr * buf, beta * buf + grad"),
        ("q7", "stateless", 'answer_q7 = "A"'),
    ],
    "11_cnn": [
        ("q1", "true convolution (flipped kernel)", "def corr2d(X, K):\n    K = K.flip(0, 1)\n    kh, kw = K.shape\n"
         "    Y = torch.zeros(X.shape[0] - kh + 1, X.shape[1] - kw + 1)\n    for i in range(Y.shape[0]):\n"
         "        for j in range(Y.shape[1]):\n            Y[i, j] = (X[i:i + kh, j:j + kw] * K).sum()\n    return Y"),
        ("q1", "output one too small", "def corr2d(X, K):\n    kh, kw = K.shape\n"
         "    Y = torch.zeros(X.shape[0] - kh, X.shape[1] - kw)\n    for i in range(Y.shape[0]):\n"
         "        for j in range(Y.shape[1]):\n            Y[i, j] = (X[i:i + kh, j:j + kw] * K).sum()\n    return Y"),
        ("q2", "padding forgotten", "answer_q2 = 12"),
        ("q3", "Softmax before CrossEntropyLoss", "cnn = nn.Sequential(\n"
         "    nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),\n"
         "    nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),\n"
         "    nn.Flatten(), nn.Linear(400, 10), nn.Softmax(dim=1),\n)"),
        ("q3", "no activation", "cnn = nn.Sequential(\n    nn.Conv2d(1, 6, 5, padding=2), nn.MaxPool2d(2),\n"
         "    nn.Conv2d(6, 16, 5), nn.MaxPool2d(2),\n    nn.Flatten(), nn.Linear(400, 10),\n)"),
        ("q4", "channel dimension missing", "batch = test_data.data[:8].float() / 255"),
        ("q4", "not scaled", "batch = test_data.data[:8].unsqueeze(1).float()"),
        ("q5", "bias forgotten", "answer_q5 = 150"),
    ],
    "12_ddp": [
        ("q1", "contiguous halves", "def shard(indices, rank, world_size):\n"
         "    size = len(indices) // world_size\n    return list(indices[rank * size:(rank + 1) * size])"),
        ("q1", "every rank gets everything", "def shard(indices, rank, world_size):\n    return list(indices)"),
        ("q2", "replace everywhere", "def strip_module_prefix(state_dict):\n"
         "    return {k.replace('module.', ''): v for k, v in state_dict.items()}"),
        ("q2", "first seven characters cut from every key", "def strip_module_prefix(state_dict):\n"
         "    return {k[7:]: v for k, v in state_dict.items()}"),
        ("q3", "same gradient", 'answer_q3 = "A"'),
        ("q4", "raises", 'answer_q4 = "A"'),
    ],
}

RIGHT = {
    "01_tensors": [
        ("q1", "view and transposed row", "grid = torch.arange(12).view(3, 4)\ncol = grid.T[1]"),
        ("q1", "floats", "grid = torch.arange(12.0).reshape(3, 4)\ncol = grid[:, 1]"),
        ("q3", "lower case with spaces", 'answer_q3 = " b "'),
        ("q4", "contiguous then view", "flat = t.contiguous().view(-1)"),
        ("q5", "integer", "answer_q5 = 7"),
    ],
    "02_autograd": [
        ("q3", "w.grad = None", "for step in range(100):\n    loss = ((w * xs - ys) ** 2).mean()\n"
         "    loss.backward()\n    with torch.no_grad():\n        w -= lr * w.grad\n    w.grad = None"),
        ("q3", "optimizer.zero_grad()", "opt = torch.optim.SGD([w], lr=lr)\nfor step in range(100):\n"
         "    opt.zero_grad()\n    loss = ((w * xs - ys) ** 2).mean()\n    loss.backward()\n    opt.step()\n"
         "opt.zero_grad()"),
        ("q2", "integer", "answer_q2 = 6"),
    ],
    "03_datasets": [
        ("q1", "unpacked differently", "n_test = test_data.__len__()\nsample = test_data[0]\n"
         "image_shape = tuple(sample[0].size())\nfirst_label_name = test_data.classes[int(sample[1])]"),
        ("q4", "raw rescaled in place", "raw = raw.float() / 255\npixel_mean = raw.mean().item()\n"
         "pixel_std = raw.std().item()"),
        ("q4", "true division of uint8", "pixel_mean = (raw / 255).mean().item()\npixel_std = (raw / 255).std().item()"),
        ("q5", "F.one_hot", "def one_hot(y):\n    return torch.nn.functional.one_hot(torch.tensor(y), 10).float()"),
        ("q6", "manual padding", "def pad_collate(batch):\n    longest = max(len(s) for s, _ in batch)\n"
         "    padded = torch.zeros(len(batch), longest, dtype=batch[0][0].dtype)\n"
         "    for i, (s, _) in enumerate(batch):\n        padded[i, :len(s)] = s\n"
         "    lengths = torch.tensor([len(s) for s, _ in batch], dtype=torch.long)\n"
         "    return padded, lengths, torch.tensor([label for _, label in batch])"),
    ],
    "04_layers": [
        ("q1", "F.linear", LINEAR.format(shape="tuple(layer.weight.size())", body="F.linear(x, layer.weight, layer.bias)")),
        ("q3", "log_softmax + nll_loss", "loss = F.nll_loss(F.log_softmax(logits, dim=1), target)"),
        ("q4", "train(False)", DROPOUT.format(body="    drop.train(False)\n    out = drop(x)\n    return out",
                                               scale="1 / (1 - drop.p)")),
        ("q6", "functional form", "def binary_loss(logits, targets):\n"
         "    return F.binary_cross_entropy_with_logits(logits, targets)"),
        ("q6", "stable formula by hand", "def binary_loss(logits, targets):\n"
         "    return (logits.clamp(min=0) - logits * targets + torch.log1p(torch.exp(-logits.abs()))).mean()"),
    ],
    "05_modules": [
        ("q1", "Sequential inside, out declared first", "class MLP(nn.Module):\n    def __init__(self):\n"
         "        super().__init__()\n        self.out = nn.Linear(8, 2)\n"
         "        self.body = nn.Sequential(nn.Linear(4, 8), nn.ReLU())\n"
         "    def forward(self, x):\n        return self.out(self.body(x))\n\nnet = MLP()"),
        ("q2", "nn.Sequential", "class GoodStack(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
         "        self.layers = nn.Sequential(*[nn.Linear(4, 4) for _ in range(3)])\n"
         "    def forward(self, x):\n        return self.layers(x)"),
    ],
    "06_parameters": [
        ("q3", "loop over parameters", "for p in model2[0].parameters():\n    p.requires_grad = False\n"
         "n_trainable = sum(p.numel() for p in model2.parameters() if p.requires_grad)"),
    ],
    "07_custom_layers": [
        ("q2", "F.relu and matmul", "class MyLinear(nn.Module):\n    def __init__(self, in_units, units):\n"
         "        super().__init__()\n        self.weight = nn.Parameter(torch.randn(in_units, units))\n"
         "        self.bias = nn.Parameter(torch.zeros(units))\n"
         "    def forward(self, x):\n        return torch.nn.functional.relu(torch.matmul(x, self.weight) + self.bias)"),
    ],
    "08_save_load": [
        ("q2", "weights_only and map_location, loaded in place", 'torch.save(model.state_dict(), "checkpoints/model.pt")\n\n'
         'def load_fresh(path):\n    net = make_model()\n'
         '    net.load_state_dict(torch.load(path, map_location="cpu", weights_only=True))\n    return net\n\n'
         'fresh = load_fresh("checkpoints/model.pt")'),
    ],
    "09_gpu": [
        ("q1", "torch.device and accelerator check order", "def pick_device():\n"
         "    if torch.cuda.is_available():\n        return torch.device('cuda')\n"
         "    elif torch.backends.mps.is_available():\n        return torch.device('mps')\n"
         "    return torch.device('cpu')"),
        ("q3", "list comprehension, torch.device", "def to_device(batch, device):\n"
         "    return tuple(t.to(torch.device(device)) for t in batch)\n\n"
         "def predict(model, batch, device):\n    model.to(device)\n    return model(batch[0].to(device))"),
    ],
    "10_training": [
        ("q1", "zero_grad first, sample-weighted mean", "def train_one_epoch(model, loader, loss_fn, optimizer):\n"
         "    model.train()\n    total, n = 0.0, 0\n    for x, y in loader:\n        optimizer.zero_grad()\n"
         "        loss = loss_fn(model(x), y)\n        loss.backward()\n        optimizer.step()\n"
         "        total += loss.item() * len(x)\n        n += len(x)\n    return total / n"),
        ("q3", "inference_mode, counted samples", "def evaluate(model, loader):\n    model.eval()\n"
         "    correct = total = 0\n    with torch.inference_mode():\n        for x, y in loader:\n"
         "            correct += int((model(x).argmax(1) == y).sum())\n            total += len(y)\n"
         "    return correct / total"),
        ("q4", "val_set reassigned to a DataLoader", FIT_TEMPLATE.replace("TRAIN", "train_loader")
         + "\n\nval_set = DataLoader(val_set, batch_size=100)"),
    ],
    "11_cnn": [
        ("q3", "GELU and AvgPool, nested", "cnn = nn.Sequential(\n"
         "    nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.GELU(), nn.AvgPool2d(2)),\n"
         "    nn.Sequential(nn.Conv2d(8, 16, 3, padding=1), nn.GELU(), nn.AvgPool2d(2)),\n"
         "    nn.Flatten(), nn.Linear(16 * 7 * 7, 10),\n)"),
        ("q4", "view and true division", "batch = test_data.data[:8].view(8, 1, 28, 28) / 255"),
    ],
    "12_ddp": [
        ("q1", "loop over positions", "def shard(indices, rank, world_size):\n"
         "    return [x for i, x in enumerate(indices) if i % world_size == rank]"),
        ("q2", "startswith and slicing", "def strip_module_prefix(state_dict):\n    out = {}\n"
         "    for k, v in state_dict.items():\n"
         "        out[k[len('module.'):] if k.startswith('module.') else k] = v\n    return out"),
        ("q3", "lower case", 'answer_q3 = " b "'),
    ],
}
