//! An officer's daily digest: the dossiers of their agency that are overdue or due soon.

use time::{Date, OffsetDateTime};

use super::dossier::site_values;
use super::{Block, TemplateKind, Text};
use crate::format;
use crate::render::{Lang, ListItem, SiteContext, Template, Values};

/// One dossier of the digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestItem {
    /// The dossier code.
    pub code: String,
    /// The procedure's name.
    pub procedure: String,
    /// When it is (or was) due.
    pub due_at: OffsetDateTime,
}

/// The daily digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficerDigest {
    /// The officer's name, for the greeting.
    pub officer: String,
    /// The agency.
    pub agency: String,
    /// The Vietnam-time day it is for.
    pub day: Date,
    /// Dossiers past their appointment.
    pub overdue: Vec<DigestItem>,
    /// Dossiers due in the next days.
    pub due_soon: Vec<DigestItem>,
}

fn items(list: &[DigestItem], lang: Lang, site: &SiteContext) -> Vec<ListItem> {
    let due = match lang {
        Lang::Vi => "hạn",
        Lang::En => "due",
    };
    list.iter()
        .map(|i| ListItem {
            text: format!("{} - {} - {due} {}", i.code, i.procedure, format::date_time(i.due_at)),
            link: Some(site.dossier(&i.code)),
        })
        .collect()
}

impl Template for OfficerDigest {
    const KIND: TemplateKind = TemplateKind::OfficerDigest;
    const ZNS_PARAMS: &'static [(&'static str, &'static str)] = &[
        ("ngay", "day"),
        ("so_qua_han", "overdue_count"),
        ("so_sap_den_han", "due_soon_count"),
    ];

    fn values(&self, lang: Lang, site: &SiteContext) -> Values {
        site_values(lang, site)
            .with("officer", self.officer.as_str())
            .with("agency", self.agency.as_str())
            .with("day", format::day(self.day))
            .list("overdue", items(&self.overdue, lang, site))
            .list("due_soon", items(&self.due_soon, lang, site))
            .link_to(site.link(&["can-bo"], &[]))
    }
}

pub(super) static VI: Text = Text {
    subject: "Hồ sơ quá hạn, sắp đến hạn ngày {day}: {overdue_count} quá hạn, {due_soon_count} sắp đến hạn",
    body: &[
        Block::Para("Kính gửi {officer},"),
        Block::Para("Tình hình hồ sơ của {agency} ngày {day}:"),
        Block::List {
            key: "overdue",
            heading: "Hồ sơ quá hạn ({overdue_count}):",
            empty: "Không có hồ sơ quá hạn.",
        },
        Block::List {
            key: "due_soon",
            heading: "Hồ sơ sắp đến hạn ({due_soon_count}):",
            empty: "Không có hồ sơ sắp đến hạn.",
        },
        Block::Link("Mở trang cán bộ"),
    ],
    sms: "{agency} ngày {day}: {overdue_count} hồ sơ quá hạn, {due_soon_count} hồ sơ sắp đến hạn. {link}",
};

pub(super) static EN: Text = Text {
    subject: "Dossiers overdue and due soon on {day}: {overdue_count} overdue, {due_soon_count} due soon",
    body: &[
        Block::Para("Dear {officer},"),
        Block::Para("Dossiers of {agency} on {day}:"),
        Block::List {
            key: "overdue",
            heading: "Overdue ({overdue_count}):",
            empty: "No dossier is overdue.",
        },
        Block::List {
            key: "due_soon",
            heading: "Due soon ({due_soon_count}):",
            empty: "No dossier is due soon.",
        },
        Block::Link("Open the officers' workspace"),
    ],
    sms: "{agency} on {day}: {overdue_count} dossiers overdue, {due_soon_count} due soon. {link}",
};
