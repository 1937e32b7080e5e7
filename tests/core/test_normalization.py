"""The four normalizations: finite differences over the registry, torch cross-checks."""

import numpy as np
import pytest

from explorer.core import normalization
from explorer.core.gradcheck import numerical_gradient
from explorer.core.normalization import (
    BatchNorm1d,
    GroupNorm,
    RMSNorm,
    batch_size_error,
    group_labels,
    make,
)

N, F, G = 5, 6, 3


def rel_err(a, b):
    return np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12)


def randomized(name, rng, dtype=np.float64, **kw):
    norm = make(name, F, dtype=dtype, num_groups=G, **kw)
    norm.gamma[...] = rng.uniform(0.5, 1.5, F)
    if norm.beta is not None:
        norm.beta[...] = rng.normal(size=F)
    if isinstance(norm, BatchNorm1d):  # non-trivial running stats for eval mode
        norm.running_mean[...] = rng.normal(size=F)
        norm.running_var[...] = rng.uniform(0.5, 2, F)
    return norm


@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("name", normalization.names())
def test_every_norm_gradient_by_finite_differences(name, training):
    rng = np.random.default_rng(1)
    norm = randomized(name, rng)
    z, r = rng.normal(size=(N, F)) * 2 + 1, rng.normal(size=(N, F))

    def loss():
        state = norm.get_state() if isinstance(norm, BatchNorm1d) else None
        out = norm.forward(z, np.empty((N, F)), training, np.ones(N))
        if state is not None:
            norm.set_state(state)  # the probe must not move the running stats
        return float(np.sum(r * out))

    loss()
    dz = norm.backward(r, np.empty((N, F)), np.ones(N), np.empty((N, F)))
    dgamma = norm.dgamma.copy()
    assert rel_err(dz, numerical_gradient(loss, z)) < 1e-7
    assert rel_err(dgamma, numerical_gradient(loss, norm.gamma)) < 1e-7
    if norm.beta is not None:
        dbeta = norm.dbeta.copy()
        assert rel_err(dbeta, numerical_gradient(loss, norm.beta)) < 1e-7
    else:
        assert name == "rmsnorm"  # torch's RMSNorm has a weight and no bias
    np.testing.assert_allclose(norm.predict(z), norm.forward(z, np.empty((N, F)), False),
                               rtol=1e-12, atol=1e-12)  # fmt: skip


@pytest.mark.parametrize("name", normalization.names())
def test_every_norm_normalizes_its_group(name):
    """With γ = 1, β = 0 every group of the output has mean 0 (RMSNorm: mean square 1)."""
    rng = np.random.default_rng(2)
    norm = make(name, F, num_groups=G, eps=0.0 if name == "rmsnorm" else 1e-12)
    z = rng.normal(size=(N, F)) * 3 + 2
    out = norm.forward(z, np.empty((N, F)), True, np.ones(N))
    labels = group_labels(name, (N, F), G)
    for label in np.unique(labels):
        group = out[labels == label]
        if name == "rmsnorm":
            assert np.mean(group**2) == pytest.approx(1.0, rel=1e-12)
        else:
            assert np.mean(group) == pytest.approx(0.0, abs=1e-12)
            assert np.var(group) == pytest.approx(1.0, rel=1e-9)


def test_group_labels_by_hand():
    assert group_labels("batchnorm", (2, 3)).tolist() == [[0, 1, 2], [0, 1, 2]]
    assert group_labels("layernorm", (2, 3)).tolist() == [[0, 0, 0], [1, 1, 1]]
    assert group_labels("rmsnorm", (2, 3)).tolist() == [[0, 0, 0], [1, 1, 1]]
    assert group_labels("groupnorm", (2, 4), 2).tolist() == [[0, 0, 1, 1], [2, 2, 3, 3]]
    with pytest.raises(ValueError, match="divisible"):
        group_labels("groupnorm", (2, 4), 3)
    with pytest.raises(ValueError, match="unknown normalization 'x'"):
        make("x", 4)


def test_rmsnorm_by_hand_and_its_default_eps():
    z = np.array([[3.0, 4.0]])  # mean square 12.5
    rms = RMSNorm(np.array([1.0, 2.0]), np.empty(2))
    out = rms.forward(z, np.empty((1, 2)))
    np.testing.assert_allclose(out, [[3 / np.sqrt(12.5), 8 / np.sqrt(12.5)]], rtol=1e-15)
    assert rms.eps_for(np.float32) == float(np.finfo(np.float32).eps)
    zeros = rms.forward(np.zeros((1, 2)), np.empty((1, 2)))  # eps keeps 0/0 away
    assert np.all(zeros == 0)


def test_groupnorm_refuses_groups_that_do_not_divide_the_features():
    with pytest.raises(ValueError, match="num_channels must be divisible by num_groups"):
        GroupNorm(4, np.ones(6), np.zeros(6), np.empty(6), np.empty(6))


def test_batchnorm_with_one_sample_refuses_with_torchs_words():
    bn = make("batchnorm", 4)
    with pytest.raises(ValueError) as caught:
        bn.forward(np.ones((1, 4)), np.empty((1, 4)), True)
    assert str(caught.value) == batch_size_error((1, 4))
    assert bn.num_batches_tracked == 0  # nothing moved
    out = bn.forward(np.ones((1, 4)), np.empty((1, 4)), False)  # eval works on one sample
    np.testing.assert_allclose(out, np.ones((1, 4)) / np.sqrt(1 + 1e-5))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", normalization.names())
def test_every_norm_keeps_the_dtype(name, dtype):
    rng = np.random.default_rng(5)
    norm = randomized(name, rng, dtype)
    z = rng.normal(size=(N, F)).astype(dtype)
    out = norm.forward(z, np.empty((N, F), dtype), True, np.ones(N, dtype))
    dz = norm.backward(z, np.empty((N, F), dtype), np.ones(N, dtype), np.empty((N, F), dtype))
    assert out.dtype == dz.dtype == norm.predict(z).dtype == dtype


# --- torch -------------------------------------------------------------------------------------
def torch_twin(name, ours, torch, **kw):
    if name == "batchnorm":
        twin = torch.nn.BatchNorm1d(F, **kw)
    elif name == "layernorm":
        twin = torch.nn.LayerNorm(F)
    elif name == "rmsnorm":
        twin = torch.nn.RMSNorm(F)
    else:
        twin = torch.nn.GroupNorm(G, F)
    twin = twin.double()
    twin.weight.data[:] = torch.from_numpy(ours.gamma)
    if ours.beta is not None:
        twin.bias.data[:] = torch.from_numpy(ours.beta)
    return twin


@pytest.mark.parametrize("name", normalization.names())
def test_every_norm_matches_torch_forward_and_backward(name):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(4)
    ours = randomized(name, rng)
    if isinstance(ours, BatchNorm1d):
        ours.running_mean[...], ours.running_var[...] = 0.0, 1.0  # torch's start
    theirs = torch_twin(name, ours, torch)
    for training in (True, True, False):
        theirs.train(training)
        z, r = rng.normal(size=(N, F)) * 2 + 1, rng.normal(size=(N, F))
        zt = torch.tensor(z, requires_grad=True)
        out_t = theirs(zt)
        (out_t * torch.from_numpy(r)).sum().backward()
        out = ours.forward(z, np.empty((N, F)), training, np.ones(N))
        dz = ours.backward(r, np.empty((N, F)), np.ones(N), np.empty((N, F)))
        np.testing.assert_allclose(out, out_t.detach().numpy(), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(dz, zt.grad.numpy(), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(ours.dgamma, theirs.weight.grad.numpy(), rtol=1e-10)
        if ours.beta is not None:
            np.testing.assert_allclose(ours.dbeta, theirs.bias.grad.numpy(), rtol=1e-10)
        theirs.zero_grad()


@pytest.mark.parametrize("momentum", [0.1, 0.5, 0.9])
def test_batchnorm_running_statistics_match_torch(momentum):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(6)
    ours = make("batchnorm", F, momentum=momentum)
    theirs = torch_twin("batchnorm", ours, torch, momentum=momentum)
    for n in (2, 3, 16, 2):  # small batches: the unbiased variance N/(N−1) matters most
        z = rng.normal(size=(n, F)) * 3 + 5
        theirs(torch.from_numpy(z))
        ours.forward(z, np.empty((n, F)), True)
    np.testing.assert_allclose(ours.running_mean, theirs.running_mean.numpy(), rtol=1e-12)
    np.testing.assert_allclose(ours.running_var, theirs.running_var.numpy(), rtol=1e-12)
    assert ours.num_batches_tracked == int(theirs.num_batches_tracked)
    theirs.eval()
    z = rng.normal(size=(3, F))
    np.testing.assert_allclose(ours.predict(z), theirs(torch.from_numpy(z)).detach().numpy(),
                               rtol=1e-12, atol=1e-12)  # fmt: skip


def test_batch_size_one_message_is_torchs():
    torch = pytest.importorskip("torch")
    with pytest.raises(ValueError) as caught:
        torch.nn.BatchNorm1d(F)(torch.ones(1, F))
    assert batch_size_error((1, F)) == str(caught.value)


def test_rmsnorm_default_eps_matches_torch_in_float32():
    torch = pytest.importorskip("torch")
    z = np.array([[1e-4, -2e-4, 3e-4, 0.0, 1e-5, 5e-5]], dtype=np.float32)  # eps matters here
    ours = make("rmsnorm", F, dtype=np.float32)
    out = ours.forward(z, np.empty_like(z))
    expected = torch.nn.RMSNorm(F)(torch.from_numpy(z)).detach().numpy()
    np.testing.assert_allclose(out, expected, rtol=2e-6)
