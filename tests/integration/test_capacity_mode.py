"""CapacityMode=Provisioned (the recommended configuration for a steady feed, docs/deploy.md):
the tables and every index get provisioned capacity, and the whole pipeline runs on them."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from moto import mock_aws

from tests.integration.conftest import build_stack
from tests.integration.test_pipeline import PAGE


def capacity(table: dict[str, Any]) -> dict[str, Any]:
    """Billing mode of a table and the write capacity of the table and each index."""
    out = {"mode": table.get("BillingModeSummary", {}).get("BillingMode", "PROVISIONED")}
    units = {"table": table["ProvisionedThroughput"]["WriteCapacityUnits"]}
    units |= {g["IndexName"]: g["ProvisionedThroughput"]["WriteCapacityUnits"]
              for g in table.get("GlobalSecondaryIndexes", [])}
    return out | {"units": units}


@pytest.mark.parametrize(("mode", "billing", "units"), [("OnDemand", "PAY_PER_REQUEST", 0),
                                                        ("Provisioned", "PROVISIONED", 5)])
def test_tables_follow_the_capacity_mode_and_the_pipeline_runs_on_them(mode: str, billing: str, units: int) -> None:
    with mock_aws():
        stack = build_stack({"CapacityMode": mode})
        ddb = boto3.client("dynamodb", region_name="us-east-1")
        for logical_id in ("ArticlesTable", "IndexTable"):
            table = ddb.describe_table(TableName=stack.resources.names[logical_id])["Table"]
            got = capacity(table)
            assert got["mode"] == billing, logical_id
            assert set(got["units"].values()) == {units}, (logical_id, got)
        assert set(capacity(ddb.describe_table(TableName=stack.resources.names["ArticlesTable"])["Table"])
                   ["units"]) == {"table", "gsi1", "gsi2"}

        stack.put("2024/salloum.txt", PAGE.encode())
        stack.run_all()
        status, listing = stack.api("/articles")
        assert status == 200 and len(listing["items"]) == 1
        status, article = stack.api(f"/articles/{listing['items'][0]['id']}")
        assert status == 200 and article["status"] == "ok"
        assert {"Sameh Shoukry", "Egypt"} <= {e["name"] for e in article["entities"]}


def test_a_parameter_the_template_does_not_declare_is_refused() -> None:
    with mock_aws(), pytest.raises(KeyError, match="CapacityMod"):
        build_stack({"CapacityMod": "Provisioned"})
