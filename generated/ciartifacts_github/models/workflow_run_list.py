from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.workflow_run import WorkflowRun


T = TypeVar("T", bound="WorkflowRunList")


@_attrs_define
class WorkflowRunList:
    """
    Attributes:
        total_count (int):
        workflow_runs (list[WorkflowRun]):
    """

    total_count: int
    workflow_runs: list[WorkflowRun]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total_count = self.total_count

        workflow_runs = []
        for workflow_runs_item_data in self.workflow_runs:
            workflow_runs_item = workflow_runs_item_data.to_dict()
            workflow_runs.append(workflow_runs_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total_count": total_count,
                "workflow_runs": workflow_runs,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.workflow_run import WorkflowRun  # noqa: PLC0415

        d = dict(src_dict)
        total_count = d.pop("total_count")

        workflow_runs = []
        _workflow_runs = d.pop("workflow_runs")
        for workflow_runs_item_data in _workflow_runs:
            workflow_runs_item = WorkflowRun.from_dict(workflow_runs_item_data)

            workflow_runs.append(workflow_runs_item)

        workflow_run_list = cls(
            total_count=total_count,
            workflow_runs=workflow_runs,
        )

        workflow_run_list.additional_properties = d
        return workflow_run_list

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
