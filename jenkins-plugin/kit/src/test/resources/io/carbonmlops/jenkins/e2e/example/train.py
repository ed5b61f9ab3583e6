"""Stands in for a training script in Jenkinsfile.example: logs its metric into the run withCarbonTracking made."""
import argparse
import os
import time

import mlflow

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, required=True)
parser.add_argument("--out", required=True)
args = parser.parse_args()
# MLFLOW_TRACKING_URI and MLFLOW_RUN_ID come from withCarbonTracking: this lands in the block's own run
mlflow.log_metric("accuracy", 0.93)
mlflow.log_param("epochs", args.epochs)
os.makedirs(args.out, exist_ok=True)
with open(os.path.join(args.out, "weights.bin"), "w") as weights:
    weights.write("not really weights\n")
time.sleep(float(os.environ.get("E2E_TRAIN_SECONDS", "3")))
