import lm_eval
import mteb

EMBEDDER_UNDER_TEST = "intfloat/multilingual-e5-small"


def run_mteb():
    model = mteb.get_model(EMBEDDER_UNDER_TEST)
    tasks = mteb.get_tasks(tasks=["Banking77Classification"])
    return mteb.MTEB(tasks=tasks).run(model, output_folder="results/mteb")


def run_harness():
    return lm_eval.simple_evaluate(
        model="hf",
        model_args="pretrained=EleutherAI/pythia-160m,dtype=float32",
        tasks=["hellaswag"],
        batch_size=8,
    )
