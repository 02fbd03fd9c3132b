"""Message texts per event and language; parameters fill them in."""

from __future__ import annotations

from typing import Any

from domain.notify.account_links import ACCOUNT_LINK_TEMPLATES
from domain.notify.assignment_texts import ASSIGNMENT_TEMPLATES
from domain.notify.help_request_texts import HELP_REQUEST_TEMPLATES
from domain.notify.phone_codes import PHONE_CODE_TEMPLATES

# template -> locale -> (subject, body)
TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "dispatch.issued": {
        "zh-CN": (
            "调度单 {code}：请送 {quantity} {unit}{category}至{destination}",
            "调度单 {code} 已下达。请于 {needed_by} 前将 {quantity} {unit}{category}"
            "送至{destination}。联系单位：{office}。",
        ),
        "en": (
            "Dispatch {code}: {quantity} {unit} of {category_en} to {destination}",
            "Dispatch {code} is issued. Bring {quantity} {unit} of {category_en} to "
            "{destination} by {needed_by}. Contact: {office}.",
        ),
    },
    "dispatch.issued.office": {
        "zh-CN": (
            "调度单 {code} 已下达（{provider}）",
            "{provider} 已接受分配：{quantity} {unit}{category}送至{destination}，调度单 {code}。",
        ),
        "en": (
            "Dispatch {code} issued to {provider}",
            "{provider} accepted: {quantity} {unit} of {category_en} to {destination}, "
            "dispatch {code}.",
        ),
    },
    "dispatch.status_changed": {
        "zh-CN": (
            "调度单 {code} 状态：{status}",
            "调度单 {code} 由 {previous} 变为 {status}。已送达数量：{delivered}。",
        ),
        "en": (
            "Dispatch {code} is {status}",
            "Dispatch {code} moved from {previous} to {status}. Delivered: {delivered}.",
        ),
    },
    "dispatch.reminder": {
        "zh-CN": (
            "请确认调度单 {code}",
            "调度单 {code} 已下达 {minutes} 分钟仍未确认，请尽快确认。",
        ),
        "en": (
            "Please acknowledge dispatch {code}",
            "Dispatch {code} was issued {minutes} minutes ago and is not acknowledged yet.",
        ),
    },
    "dispatch.escalation": {
        "zh-CN": (
            "调度单 {code} 未获确认（{provider}）",
            "{provider} 在 {minutes} 分钟内未确认调度单 {code}，请跟进。",
        ),
        "en": (
            "Dispatch {code} unacknowledged by {provider}",
            "{provider} has not acknowledged dispatch {code} within {minutes} minutes.",
        ),
    },
    "dispatch.late.reminder": {
        "zh-CN": (
            "调度单 {code} 已过送达期限",
            "调度单 {code} 应于 {deadline} 前送达，至今未报送达。请尽快送达或联系需求单位。",
        ),
        "en": (
            "Dispatch {code} is past its deadline",
            "Dispatch {code} was due by {deadline} and is not delivered yet. Deliver it, "
            "or call the office.",
        ),
    },
    "dispatch.late.escalation": {
        "zh-CN": (
            "调度单 {code} 逾期未送达（{provider}）",
            "{provider} 的调度单 {code} 应于 {deadline} 前送达，"
            "逾期 {minutes} 分钟仍未送达，请跟进。",
        ),
        "en": (
            "Dispatch {code} overdue ({provider})",
            "{provider} has not delivered dispatch {code}, due by {deadline}, "
            "{minutes} minutes after its deadline.",
        ),
    },
    "need.overdue": {
        "zh-CN": (
            "需求逾期：{destination} {category}",
            "{destination} 的 {quantity} {unit}{category}需求已过 {needed_by}，仍有缺口。"
            "请延期、取消或上报上级民政部门。",
        ),
        "en": (
            "Need overdue: {category_en} for {destination}",
            "The need for {quantity} {unit} of {category_en} in {destination} passed "
            "{needed_by} still short. Extend it, cancel it or escalate it.",
        ),
    },
    "need.escalated": {
        "zh-CN": (
            "上报需求：{destination} {category}",
            "{office} 上报 {destination} 的 {quantity} {unit}{category}需求（截止 {needed_by}），"
            "请协调。{note}",
        ),
        "en": (
            "Escalated need: {category_en} for {destination}",
            "{office} escalated the need for {quantity} {unit} of {category_en} in "
            "{destination} (needed by {needed_by}). {note}",
        ),
    },
    "incident.blind_spots": {
        "zh-CN": (
            "「{incident}」仍有 {count} 个区域无需求、无评估",
            "以下区域自 {since} 起既无需求发布也无评估：{places}。请评估并发布需求，"
            "或标记“已评估，暂无需求”。",
        ),
        "en": (
            "'{incident}': {count} regions with no need and no assessment",
            "Since {since} these regions have neither a published need nor an assessment: "
            "{places}. Assess them and publish needs, or mark them assessed.",
        ),
    },
    "matching.round_finished": {
        "zh-CN": (
            "匹配完成：{proposals} 条分配建议",
            "事件「{incident}」的匹配轮次已完成，生成 {proposals} 条分配建议。",
        ),
        "en": (
            "Matching finished: {proposals} proposals",
            "The matching round of '{incident}' finished with {proposals} proposals.",
        ),
    },
    "allocation.proposed": {
        "zh-CN": (
            "您有 {count} 条新的分配建议",
            "事件「{incident}」的匹配为您的供给生成了 {count} 条分配建议，请接受或拒绝。",
        ),
        "en": (
            "{count} new proposals for you",
            "Matching for '{incident}' proposed {count} "
            "allocations of your offers; please accept or decline.",
        ),
    },
    "allocation.vetoed": {
        "zh-CN": (
            "分配建议被否决：{category}",
            "{office} 否决了将您的 {quantity} {unit}{category}分配给{destination}的建议。"
            "理由：{reason}",
        ),
        "en": (
            "Proposal vetoed: {category_en}",
            "{office} vetoed the proposal of {quantity} {unit} of {category_en} from your "
            "offer to {destination}. Reason: {reason}",
        ),
    },
    "allocation.assigned": {
        "zh-CN": (
            "民政部门指派：{quantity} {unit}{category}",
            "{office} 将您的 {quantity} {unit}{category}指派给{destination}（{needed_by} 前），"
            "请接受或拒绝。",
        ),
        "en": (
            "An office assigned your offer: {quantity} {unit} of {category_en}",
            "{office} assigned {quantity} {unit} of {category_en} from your offer to "
            "{destination} (needed by {needed_by}); please accept or decline.",
        ),
    },
    "visits.assigned": {
        "zh-CN": (
            "新的探访任务：{count} 人",
            "「{incident}」巡查探访：请在 {due} 前探访 {count} 位特殊群体人员，"
            "在“我的探访”中查看并记录。",
        ),
        "en": (
            "New visits to make: {count}",
            "{incident}: please visit {count} registered people by {due}; see My visits.",
        ),
    },
    "organization.reviewed": {
        "zh-CN": ("机构审核结果：{status}", "「{organization}」的审核结果为 {status}。{reason}"),
        "en": (
            "Review of your organization: {status}",
            "'{organization}' is now {status}. {reason}",
        ),
    },
    # Partners only: the webhook's body is the change itself; these name it in the lists.
    "object.changed": {
        "zh-CN": (
            "{event} {id}：{status}（版本 {version}）",
            "{event} {id}：{status}（版本 {version}）。",
        ),
        "en": (
            "{event} {id}: {status} (version {version})",
            "{event} {id}: {status} (version {version}).",
        ),
    },
    "need.published": {
        "zh-CN": ("新需求：{category}", "{destination} 需要 {quantity} {unit}{category}。"),
        "en": (
            "New need: {category_en}",
            "{destination} needs {quantity} {unit} of {category_en}.",
        ),
    },
    **HELP_REQUEST_TEMPLATES,
    **PHONE_CODE_TEMPLATES,
    **ACCOUNT_LINK_TEMPLATES,
    **ASSIGNMENT_TEMPLATES,
}


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def render(template: str, locale: str, parameters: dict[str, Any]) -> tuple[str, str]:
    """(subject, body) in the locale (English when the locale is unknown)."""
    texts = TEMPLATES[template]
    subject, body = texts.get(locale) or texts["en"]
    values = _Blank(parameters)
    return subject.format_map(values)[:300], body.format_map(values)
