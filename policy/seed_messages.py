"""The message texts a fresh installation starts with (POL-3): key → language → channel.

Email is (subject, body); SMS is the body alone. Plain text, Django template syntax; the variables each
key may use are listed in policy.messages.MESSAGE_KINDS.
"""

TEXTS: dict[str, dict[str, dict[str, object]]] = {
    "report_acknowledged": {
        "zh-hans": {
            "email": (
                "我们已收到您的报告 {{ reference }}",
                "{{ recipient_name }}，您好：\n\n"
                "{{ site_name }}已收到您的报告，编号 {{ reference }}。我们正在处理，并会及时告知进展。\n"
                "您可随时在此查看进度：{{ status_url }}\n"
                "如有疑问，请致电 {{ site_phone }}，并提供报告编号。\n\n"
                "{{ site_name }} 客服中心",
            ),
            "sms": "【{{ site_name }}】{{ recipient_name }}您好，已收到您的报告，编号{{ reference }}，"
            "我们会尽快处理。查看进度：{{ status_url }} 咨询电话：{{ site_phone }}",
        },
        "en": {
            "email": (
                "We have received your report {{ reference }}",
                "Dear {{ recipient_name }},\n\n"
                "{{ site_name }} has received your report, reference {{ reference }}. We are working on it "
                "and will keep you informed.\n"
                "You can follow its progress at any time: {{ status_url }}\n"
                "If you have questions, please call {{ site_phone }} and quote your reference.\n\n"
                "{{ site_name }} Customer Service",
            ),
            "sms": "{{ site_name }}: Dear {{ recipient_name }}, we have received your report {{ reference }} "
            "and are working on it. Progress: {{ status_url }} Questions: {{ site_phone }}",
        },
    },
    "progress_update": {
        "zh-hans": {
            "email": (
                "您的报告 {{ reference }} 的最新进展",
                "{{ recipient_name }}，您好：\n\n"
                "关于您的报告 {{ reference }}，最新进展如下：\n{{ note }}\n\n"
                "我们会继续跟进，查看详情：{{ status_url }}\n\n"
                "{{ site_name }} 客服中心",
            ),
            "sms": "【{{ site_name }}】您的报告{{ reference }}最新进展：{{ note }} 详情：{{ status_url }}",
        },
        "en": {
            "email": (
                "An update on your report {{ reference }}",
                "Dear {{ recipient_name }},\n\n"
                "Here is the latest on your report {{ reference }}:\n{{ note }}\n\n"
                "We are still on it. Details: {{ status_url }}\n\n"
                "{{ site_name }} Customer Service",
            ),
            "sms": "{{ site_name }}: Update on {{ reference }}: {{ note }} Details: {{ status_url }}",
        },
    },
    "item_found": {
        "zh-hans": {
            "email": (
                "好消息：与报告 {{ reference }} 相符的物品已找到",
                "{{ recipient_name }}，您好：\n\n"
                "我们找到了可能是您遗失的物品（报告编号 {{ reference }}）。\n"
                "请致电 {{ site_phone }} 与我们约定领取或邮寄方式；领取时请携带有效身份证件。\n"
                "查看详情：{{ status_url }}\n\n"
                "{{ site_name }} 客服中心",
            ),
            "sms": "【{{ site_name }}】好消息！与您的报告{{ reference }}相符的物品已找到，请致电{{ site_phone }}"
            "约定领取或邮寄，领取时请携带有效身份证件。详情：{{ status_url }}",
        },
        "en": {
            "email": (
                "Good news: an item matching report {{ reference }} has been found",
                "Dear {{ recipient_name }},\n\n"
                "We have found an item that may be the one you lost (report {{ reference }}).\n"
                "Please call {{ site_phone }} to arrange pickup or mailing; bring a valid ID when you collect it.\n"
                "Details: {{ status_url }}\n\n"
                "{{ site_name }} Customer Service",
            ),
            "sms": "{{ site_name }}: Good news! An item matching your report {{ reference }} has been found. "
            "Call {{ site_phone }} to arrange pickup or mailing; bring a valid ID. {{ status_url }}",
        },
    },
    "incident_closed": {
        "zh-hans": {
            "email": (
                "您的报告 {{ reference }} 已结案",
                "{{ recipient_name }}，您好：\n\n"
                "您的报告 {{ reference }} 已结案，结果：{{ outcome }}。\n"
                "感谢您的耐心与配合；如有任何疑问或意见，欢迎随时联系我们。\n"
                "详情：{{ status_url }}",
            ),
            "sms": "您的报告{{ reference }}已结案，结果：{{ outcome }}。感谢您的配合，详情：{{ status_url }}",
        },
        "en": {
            "email": (
                "Your report {{ reference }} is closed",
                "Dear {{ recipient_name }},\n\n"
                "Your report {{ reference }} is now closed. Outcome: {{ outcome }}.\n"
                "Thank you for your patience. If you have any questions or comments, please contact us.\n"
                "Details: {{ status_url }}",
            ),
            "sms": "Your report {{ reference }} is closed. Outcome: {{ outcome }}. Thank you. {{ status_url }}",
        },
    },
    "emergency_alert": {
        "zh-hans": {
            "email": (
                "【紧急】{{ site_name }} {{ area }}：{{ kind }}（{{ severity }}）{{ reference }}",
                "紧急事件 {{ reference }}\n"
                "类型：{{ kind }}\n级别：{{ severity }}\n地点：{{ site_name }} {{ area }}\n\n"
                "请立即赶赴现场处置，并在系统中记录：{{ incident_url }}",
            ),
            "sms": "【紧急】{{ site_name }} {{ area }} 发生{{ kind }}（{{ severity }}），编号{{ reference }}，"
            "请立即到场处置：{{ incident_url }}",
        },
        "en": {
            "email": (
                "URGENT {{ site_name }} {{ area }}: {{ kind }} ({{ severity }}) {{ reference }}",
                "Emergency {{ reference }}\n"
                "Kind: {{ kind }}\nSeverity: {{ severity }}\nWhere: {{ site_name }}, {{ area }}\n\n"
                "Go to the scene now and record what you do: {{ incident_url }}",
            ),
            "sms": "URGENT {{ site_name }} {{ area }}: {{ kind }} ({{ severity }}) {{ reference }}. "
            "Go to the scene now: {{ incident_url }}",
        },
    },
    "deadline_reminder": {
        "zh-hans": {
            "email": (
                "提醒：{{ reference }}“{{ deadline }}”将于 {{ due_at }} 到期",
                "事件 {{ reference }} 的时限“{{ deadline }}”将于 {{ due_at }} 到期，请及时处理：\n{{ incident_url }}",
            ),
            "sms": "提醒：{{ reference }}“{{ deadline }}”将于{{ due_at }}到期，请及时处理：{{ incident_url }}",
        },
        "en": {
            "email": (
                "Reminder: {{ reference }} \"{{ deadline }}\" is due at {{ due_at }}",
                "The time limit \"{{ deadline }}\" of {{ reference }} is due at {{ due_at }}. "
                "Please act in time:\n{{ incident_url }}",
            ),
            "sms": "Reminder: {{ reference }} \"{{ deadline }}\" due at {{ due_at }}: {{ incident_url }}",
        },
    },
    "deadline_escalated": {
        "zh-hans": {
            "email": (
                "超时升级（第{{ level }}级）：{{ reference }}“{{ deadline }}”",
                "事件 {{ reference }} 的时限“{{ deadline }}”已于 {{ due_at }} 超时，现升级至您（第{{ level }}级）。\n"
                "请跟进处理：{{ incident_url }}",
            ),
            "sms": "超时升级（第{{ level }}级）：{{ reference }}“{{ deadline }}”已于{{ due_at }}超时，"
            "请跟进：{{ incident_url }}",
        },
        "en": {
            "email": (
                "Escalated (level {{ level }}): {{ reference }} \"{{ deadline }}\" missed",
                "The time limit \"{{ deadline }}\" of {{ reference }} was due at {{ due_at }} and has been missed. "
                "It is escalated to you (level {{ level }}).\nPlease follow up: {{ incident_url }}",
            ),
            "sms": "Escalated (level {{ level }}): {{ reference }} \"{{ deadline }}\" missed at {{ due_at }}. "
            "Follow up: {{ incident_url }}",
        },
    },
    "new_match": {
        "zh-hans": {
            "email": (
                "可能的匹配：{{ reference }}",
                "新登记的拾获物品可能与报告 {{ reference }} 相符：\n{{ found_item }}\n\n请核对：{{ incident_url }}",
            ),
            "sms": "可能的匹配：{{ found_item }} 可能属于报告{{ reference }}，请核对：{{ incident_url }}",
        },
        "en": {
            "email": (
                "Possible match: {{ reference }}",
                "A newly registered found item may match report {{ reference }}:\n{{ found_item }}\n\n"
                "Please check: {{ incident_url }}",
            ),
            "sms": "Possible match for {{ reference }}: {{ found_item }}. Check: {{ incident_url }}",
        },
    },
    "claim_approved": {
        "zh-hans": {
            "email": (
                "您的赔偿申请 {{ claim_reference }} 已审核通过",
                "{{ recipient_name }}，您好：\n\n"
                "您就报告 {{ reference }} 提出的赔偿申请 {{ claim_reference }} 已审核通过，"
                "赔偿金额为 {{ amount }} {{ currency }}。\n"
                "我们将与您联系，协商赔偿方式并签订赔偿协议。如有疑问，请致电 {{ site_phone }}。\n\n"
                "{{ site_name }} 客服中心",
            ),
            "sms": "【{{ site_name }}】您就报告{{ reference }}提出的赔偿申请{{ claim_reference }}已审核通过，"
            "金额{{ amount }} {{ currency }}。我们将联系您签订赔偿协议。咨询电话：{{ site_phone }}",
        },
        "en": {
            "email": (
                "Your compensation claim {{ claim_reference }} is approved",
                "Dear {{ recipient_name }},\n\n"
                "Your compensation claim {{ claim_reference }} on report {{ reference }} has been approved "
                "for {{ amount }} {{ currency }}.\n"
                "We will contact you to agree how it is paid and to sign the compensation agreement. "
                "Questions: {{ site_phone }}.\n\n"
                "{{ site_name }} Customer Service",
            ),
            "sms": "{{ site_name }}: your claim {{ claim_reference }} on {{ reference }} is approved for "
            "{{ amount }} {{ currency }}. We will contact you to sign the agreement. Questions: {{ site_phone }}",
        },
    },
    "claim_rejected": {
        "zh-hans": {
            "email": (
                "关于您的赔偿申请 {{ claim_reference }} 的审核结果",
                "{{ recipient_name }}，您好：\n\n"
                "您就报告 {{ reference }} 提出的赔偿申请 {{ claim_reference }} 经审核未予通过，理由如下：\n"
                "{{ reasons }}\n\n"
                "如您对审核结果有异议，可以通过法律途径解决，包括向人民法院提起诉讼。"
                "如有疑问，请致电 {{ site_phone }}。\n\n"
                "{{ site_name }} 客服中心",
            ),
            "sms": "【{{ site_name }}】您就报告{{ reference }}提出的赔偿申请{{ claim_reference }}未予通过。"
            "理由：{{ reasons }} 如有异议，可通过法律途径（包括向法院起诉）解决。咨询电话：{{ site_phone }}",
        },
        "en": {
            "email": (
                "The result of your compensation claim {{ claim_reference }}",
                "Dear {{ recipient_name }},\n\n"
                "Your compensation claim {{ claim_reference }} on report {{ reference }} has not been approved, "
                "for these reasons:\n{{ reasons }}\n\n"
                "If you disagree with this result, you may pursue it through legal channels, including "
                "bringing the matter before a court. Questions: {{ site_phone }}.\n\n"
                "{{ site_name }} Customer Service",
            ),
            "sms": "{{ site_name }}: your claim {{ claim_reference }} on {{ reference }} was not approved. "
            "Reasons: {{ reasons }} If you disagree you may go to court. Questions: {{ site_phone }}",
        },
    },
}
