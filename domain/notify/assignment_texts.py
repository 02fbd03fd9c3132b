"""What volunteers are told of proposals and deployments, per language."""

from __future__ import annotations

# template -> locale -> (subject, body)
ASSIGNMENT_TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "allocation.proposed.volunteer": {
        "zh-CN": (
            "您有新的志愿服务邀请",
            "事件「{incident}」的匹配为您的志愿服务生成了新的邀请。"
            "请在“志愿者首页”中接受或拒绝（拒绝时请说明原因）。",
        ),
        "en": (
            "New volunteering proposals for you",
            "Matching for '{incident}' proposed assignments of your time. Accept or "
            "decline them on your volunteer home page (say why if you decline).",
        ),
    },
    "assignment.deployed": {
        "zh-CN": (
            "{organization} 安排您参加：{category}",
            "{organization} 安排您于 {starts_at} 至 {ends_at} 在{destination}提供{category}。"
            "联系单位：{office}。到达后请在“志愿者首页”签到。",
        ),
        "en": (
            "{organization} deployed you: {category_en}",
            "{organization} deployed you for {category_en} in {destination} from {starts_at} "
            "to {ends_at}. Contact: {office}. Check in on your volunteer home page on arrival.",
        ),
    },
    "assignment.cancelled": {
        "zh-CN": (
            "志愿服务已取消：{category}",
            "您于 {starts_at} 至 {ends_at} 在{destination}提供{category}的安排已取消：{why}。"
            "无需前往，也无法签到。联系单位：{office}。",
        ),
        "en": (
            "Assignment cancelled: {category_en}",
            "Your assignment for {category_en} in {destination} from {starts_at} to "
            "{ends_at} is cancelled: {why_en}. Do not go; check-in is closed. "
            "Contact: {office}.",
        ),
    },
}
