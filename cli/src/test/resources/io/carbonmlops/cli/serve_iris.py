"""A real small model served in batches: scikit-learn's LogisticRegression on the iris data set it ships.

Usage: serve_iris.py ROUNDS [C]. Trains, then predicts the held-out rows ROUNDS times (a batch-inference job), logs
accuracy to the MLflow run carbon opened (MLFLOW_RUN_ID) when there is one, and writes the prediction count to
CARBON_PREDICTIONS_FILE as {"predictions": N}; prints N on stdout.
"""
import json
import os
import sys

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

rounds = int(sys.argv[1])
c = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
features, labels = load_iris(return_X_y=True)
train_x, test_x, train_y, test_y = train_test_split(features, labels, test_size=0.3, random_state=0)
model = LogisticRegression(C=c, max_iter=1000).fit(train_x, train_y)

count = 0
correct = 0
for _ in range(rounds):
    predicted = model.predict(test_x)
    count += len(predicted)
    correct += int((predicted == test_y).sum())
accuracy = correct / count

if os.environ.get("MLFLOW_RUN_ID"):
    import mlflow
    with mlflow.start_run():
        mlflow.log_metric("accuracy", accuracy)
with open(os.environ["CARBON_PREDICTIONS_FILE"], "w") as out:
    json.dump({"predictions": count}, out)
print(count)
