"""Stands in for register.py in Jenkinsfile.example: registers a model version from the run; prints its number."""
import argparse

from mlflow import MlflowClient
from mlflow.exceptions import MlflowException

parser = argparse.ArgumentParser()
parser.add_argument("--model", required=True)
parser.add_argument("--run-id", required=True)
args = parser.parse_args()
client = MlflowClient()
try:
    client.create_registered_model(args.model)
except MlflowException:
    pass  # registered by an earlier build
version = client.create_model_version(args.model, source=f"runs:/{args.run_id}/model", run_id=args.run_id)
print(version.version)
