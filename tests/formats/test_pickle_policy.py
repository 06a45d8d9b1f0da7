"""Exact-callable allow-list and deny aliases: every malicious global is unsafe, benign checkpoints' globals stay safe."""

from __future__ import annotations

import collections
import datetime
import decimal
import io
import pickle

import pytest

from scanner.formats.pickle_policy import KNOWN, SAFE, UNKNOWN, UNSAFE, classify, import_policy
from scanner.formats.pickle_vm import scan_pickle
from tests.formats import builders as b

MALICIOUS = [
    "os.system", "posix.system", "nt.system", "os.popen", "os.execv", "subprocess.Popen", "subprocess.check_output",
    "subprocess.run", "commands.getoutput", "builtins.eval", "builtins.exec", "builtins.compile", "builtins.open",
    "builtins.__import__", "builtins.getattr", "__builtin__.eval", "__builtin__.execfile", "__builtin__.apply",
    "__builtins__.eval", "exceptions.__import__", "__builtin__.reduce", "__builtin__.intern", "_io.FileIO", "io.open",
    "operator.attrgetter", "operator.methodcaller", "_operator.methodcaller", "operator.itemgetter", "functools.partial",
    "functools.reduce", "_functools.reduce", "copyreg.__import__", "copy_reg.add_extension", "pydoc.locate", "runpy.run_path",
    "runpy._run_code", "importlib.import_module", "importlib.__import__", "importlib.util.spec_from_file_location",
    "pty.spawn", "code.InteractiveInterpreter", "code.interact", "ctypes.CDLL", "ctypes.cdll.LoadLibrary", "_ctypes.dlopen",
    "pip.main", "pip._internal.main", "shutil.rmtree", "socket.create_connection", "webbrowser.open", "sys.modules",
    "sys.modules.get", "torch.hub.load", "torch.utils.cpp_extension.load_inline", "torch._dynamo.config.load_config",
    "torch._inductor.codecache.compile_file", "torch.load", "torch.storage._load_from_bytes", "torch.serialization.load",
    "torch.utils.collect_env.run", "torch.jit.load", "torch.package.PackageImporter", "numpy.load", "numpy.lib.npyio.load",
    "numpy.lib._npyio_impl.load", "numpy.testing._private.utils.runstring", "numpy.f2py.compile", "numpy.ctypeslib.load_library",
    "joblib.load", "joblib.numpy_pickle.load", "pandas.read_pickle", "cPickle.loads", "pickle.loads", "_pickle.loads",
    "marshal.loads", "types.FunctionType", "types.CodeType", "timeit.timeit", "cProfile.run", "pdb.run", "tempfile.mkstemp",
    "torch._utils.os.system", "numpy.core.multiarray.os.system", "sklearn.base.builtins.eval", "x.__globals__",
    "torch._utils._rebuild_tensor_v2.__globals__", "collections.OrderedDict.__init__.__globals__", "\uff4f\uff53.system",
    "multiprocessing.Process", "asyncio.subprocess.create_subprocess_shell", "yaml.unsafe_load", "keras.models.load_model",
    "transformers.dynamic_module_utils.get_class_from_dynamic_module", "huggingface_hub.hf_hub_download", "dill.loads",
]  # fmt: skip
BENIGN = [
    "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter", "torch.FloatStorage", "torch.BFloat16Storage",
    "torch.HalfStorage", "torch.storage.UntypedStorage", "torch.serialization._get_layout", "torch.float16", "torch.Size",
    "collections.OrderedDict", "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct", "numpy.ndarray",
    "numpy.dtype", "numpy.core.multiarray.scalar", "_codecs.encode", "builtins.set", "__builtin__.set", "copy_reg._reconstructor",
    "joblib.numpy_pickle.NumpyArrayWrapper", "torch.jit._pickle.build_intlist",
]  # fmt: skip


@pytest.mark.parametrize("dotted", MALICIOUS)
def test_malicious_globals_are_unsafe(dotted: str) -> None:
    assert classify(dotted) == UNSAFE, dotted


@pytest.mark.parametrize("dotted", BENIGN)
def test_checkpoint_globals_are_safe(dotted: str) -> None:
    assert classify(dotted) == SAFE, dotted


def test_no_prefix_trust() -> None:
    """A private helper under an allowed package is not trusted because of its package."""
    for dotted in ("torch._utils._helper_that_downloads", "numpy.core.multiarray.some_function", "collections.OrderedDict.fromkeys",
                   "sklearn.utils._testing.run_something", "torch.nn.modules.module.Module.load_state_dict", "mypkg.Model"):
        assert classify(dotted) in (UNKNOWN, UNSAFE), dotted


def test_framework_classes_are_named_exactly() -> None:
    assert classify("sklearn.tree._classes.DecisionTreeClassifier") == KNOWN
    assert classify("sklearn.linear_model._logistic.LogisticRegression") == KNOWN
    assert classify("transformers.models.llama.configuration_llama.LlamaConfig") == KNOWN
    assert classify("sklearn.tree._classes.DecisionTreeClassifier.__reduce__") == UNSAFE


def test_lists_are_exact_and_disjoint_from_deny() -> None:
    policy = import_policy()
    assert not any("*" in name for name in policy.allow | policy.framework)
    for name in sorted(policy.allow | policy.framework):
        assert classify(name) in (SAFE, KNOWN), name


def test_real_pickles_of_stdlib_state_are_safe() -> None:
    state = collections.OrderedDict(w=[1.0, 2.0], when=datetime.datetime(2024, 1, 1), lr=decimal.Decimal("0.1"), tags={"a"})
    for protocol in range(6):
        data = pickle.dumps(state, protocol=protocol)
        result = scan_pickle(io.BytesIO(data), len(data))
        assert result.error is None
        assert {classify(name) for name in result.imports} <= {SAFE}, (protocol, result.imports)


def test_torch_state_dict_is_safe() -> None:
    data = b.torch_state_pickle()
    result = scan_pickle(io.BytesIO(data), len(data))
    assert result.imports and {classify(name) for name in result.imports} == {SAFE}


def test_stack_global_from_memo_strings_is_resolved() -> None:
    # module and name come from the memo (BINPUT/BINGET), as pickle writes repeated module names
    data = (
        b.proto(4) + b.ustr("posix") + b.binput(3) + b.ustr("torch") + b.binput(4) + b.POP + b.POP
        + b.binget(3) + b.ustr("system") + b.STACK_GLOBAL + b.ustr("id") + b"\x85" + b.REDUCE + b.STOP
    )  # fmt: skip
    result = scan_pickle(io.BytesIO(data), len(data))
    assert "posix.system" in result.imports and classify("posix.system") == UNSAFE


def test_non_constant_stack_global_is_dynamic() -> None:
    # the module name is the result of a call: unresolvable, so reported (suspicious), never guessed
    data = (
        b.proto(4) + b.glob("builtins", "str") + b.ustr("os") + b"\x85" + b.REDUCE + b.ustr("system") + b.STACK_GLOBAL
        + b.ustr("id") + b"\x85" + b.REDUCE + b.STOP
    )  # fmt: skip
    result = scan_pickle(io.BytesIO(data), len(data))
    assert any("STACK_GLOBAL with non-constant operands" in d for d in result.dynamic)
