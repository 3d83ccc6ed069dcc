//! Demo feedback: a few reports around Buôn Ma Thuột at different stages, so the public
//! list, the map and the officers' queue are not empty. Runs only while there is none.

use anyhow::Context;
use motcua_app::App;
use motcua_app::accounts::principal_by_login;
use motcua_app::feedback::{Submission, act, list, submit};
use motcua_app::records::{FeedbackChannel, FeedbackFilter};
use motcua_domain::account::{LoginId, Principal};
use motcua_domain::feedback::{FeedbackAction, NewReport};

struct Sample {
    category: &'static str,
    text: &'static str,
    place: (&'static str, &'static str),
    address: &'static str,
    answers: &'static [(&'static str, &'static str)],
    /// 0 received, 1 accepted, 2 answered, 3 published.
    stage: u8,
    answer: &'static str,
}

const SAMPLES: [Sample; 5] = [
    Sample {
        category: "den-duong",
        text: "Ba cột đèn đường trên đoạn Lê Duẩn từ ngã tư Phan Chu Trinh đến Y Jut không sáng hơn một tuần nay, buổi tối rất tối.",
        place: ("12.6745", "108.0448"),
        address: "Đường Lê Duẩn, phường Buôn Ma Thuột",
        answers: &[("hien_tuong", "khong-sang")],
        stage: 3,
        answer: "Ủy ban nhân dân phường đã phối hợp với đơn vị quản lý chiếu sáng thay bóng đèn ngày 18/11. Cảm ơn ông/bà đã phản ánh.",
    },
    Sample {
        category: "mat-duong",
        text: "Ổ gà lớn giữa đường Nguyễn Tất Thành trước số 120, xe máy dễ ngã khi trời mưa.",
        place: ("12.6802", "108.0561"),
        address: "120 Nguyễn Tất Thành, phường Buôn Ma Thuột",
        answers: &[("muc_do", "nguy-hiem")],
        stage: 3,
        answer: "Đoạn đường đã được vá tạm ngày 20/11; sửa chữa hoàn chỉnh trong kế hoạch duy tu quý I năm 2027.",
    },
    Sample {
        category: "rac-thai",
        text: "Rác thải tồn đọng nhiều ngày ở đầu hẻm 45 Phan Bội Châu, bốc mùi.",
        place: ("12.6688", "108.0392"),
        address: "Hẻm 45 Phan Bội Châu, phường Buôn Ma Thuột",
        answers: &[],
        stage: 1,
        answer: "",
    },
    Sample {
        category: "lan-chiem-via-he",
        text: "Quán ăn bày bàn ghế kín vỉa hè trước chợ, người đi bộ phải xuống lòng đường.",
        place: ("", ""),
        address: "Chợ Buôn Ma Thuột, đường Quang Trung",
        answers: &[],
        stage: 0,
        answer: "",
    },
    Sample {
        category: "ngap-ung",
        text: "Mưa lớn là ngập sâu khoảng 30 cm ở ngã ba Hà Huy Tập - Giải Phóng.",
        place: ("12.6901", "108.0602"),
        address: "",
        answers: &[],
        stage: 2,
        answer: "Phường đã đề nghị nạo vét cống thoát nước tuyến Hà Huy Tập trong tháng 12.",
    },
];

async fn principal(app: &App, login: &str) -> anyhow::Result<Principal> {
    principal_by_login(app, &LoginId::Email(login.to_owned()))
        .await?
        .context("demo account")
}

pub async fn sample_feedback(app: &App) -> anyhow::Result<()> {
    let any = FeedbackFilter {
        limit: 1,
        ..FeedbackFilter::default()
    };
    if !list(app, &any).await?.is_empty() {
        return Ok(());
    }
    let citizen = principal(app, "congdan@demo.motcua.vn").await?;
    let specialist = principal(app, "chuyenvien@demo.motcua.vn").await?;
    let leader = principal(app, "lanhdao@demo.motcua.vn").await?;
    for s in &SAMPLES {
        let mut report = NewReport {
            category: s.category.into(),
            description: s.text.into(),
            lat: s.place.0.into(),
            lon: s.place.1.into(),
            address: s.address.into(),
            area: if s.place.0.is_empty() {
                "H15.50".into()
            } else {
                String::new()
            },
            anonymous: s.stage == 3,
            ..NewReport::default()
        };
        report.contact.name.clone_from(&citizen.display_name);
        report.contact.email = "congdan@demo.motcua.vn".into();
        for (k, v) in s.answers {
            report.answers.insert((*k).into(), vec![(*v).into()]);
        }
        let sub = Submission::new(report, Some(citizen.user_id), FeedbackChannel::Portal);
        let mut r = submit(app, sub)
            .await
            .map_err(|e| anyhow::anyhow!("demo feedback: {e}"))?;
        let steps = [
            (1, &specialist, FeedbackAction::Accept),
            (2, &specialist, FeedbackAction::Answer { text: s.answer.into() }),
            (3, &leader, FeedbackAction::Publish),
        ];
        for (stage, who, action) in steps {
            if s.stage < stage {
                break;
            }
            r = act(app, who, r.id, r.version, action)
                .await
                .map_err(|e| anyhow::anyhow!("demo feedback action: {e}"))?;
        }
    }
    Ok(())
}
