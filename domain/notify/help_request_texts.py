"""What help-request messages say. The requester's SMS is in Chinese: the public has no
account to choose a language with."""

from __future__ import annotations

# template -> locale -> (subject, body)
HELP_REQUEST_TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "help_request.received.sms": {
        "zh-CN": (
            "求助已受理",
            "【民政救助】您的求助已受理，受理编号 {reference}。凭编号和本手机号可查询办理进度。",
        ),
    },
    "help_request.closed.sms": {
        "zh-CN": (
            "求助已办结",
            "【民政救助】您的求助（编号 {reference}）已办结：{note}如仍需帮助，请再次求助。",
        ),
    },
    "help_request.received": {
        "zh-CN": (
            "新求助 {reference}：{place}",
            "{place} 收到求助 {reference}（{people} 人）：{needed}。请尽快研判。",
        ),
        "en": (
            "New help request {reference}: {place}",
            "Help request {reference} from {place} ({people} people): {needed}. Please triage it.",
        ),
    },
    "help_request.closed": {
        "zh-CN": ("您受理的求助 {reference} 已办结", "求助 {reference}（{place}）已办结：{note}"),
        "en": (
            "The help request {reference} you took is closed",
            "Help request {reference} ({place}) is closed: {note}",
        ),
    },
    "help_request.triage_late": {
        "zh-CN": (
            "求助 {reference} 超时未研判",
            "{place} 的求助 {reference} 已等待 {minutes} 分钟仍未研判，请立即处理。",
        ),
        "en": (
            "Help request {reference} waits for triage",
            "Help request {reference} from {place} has waited {minutes} minutes without triage.",
        ),
    },
    "help_request.triage_escalation": {
        "zh-CN": (
            "下级求助 {reference} 严重超时",
            "{office} 的求助 {reference}（{place}）已等待 {minutes} 分钟仍未研判，请督办。",
        ),
        "en": (
            "Help request {reference} of {office} is long overdue",
            "Help request {reference} ({place}) of {office} has waited {minutes} minutes "
            "without triage; please follow up.",
        ),
    },
    "help_request.call_down": {
        "zh-CN": (
            "请回访求助 {reference}",
            "求助 {reference}（{place}）已受理多日仍未办结，请回访求助人：是否仍需帮助？",
        ),
        "en": (
            "Call back help request {reference}",
            "Help request {reference} ({place}) is still open after days; call the "
            "requester: do they still need help?",
        ),
    },
}
