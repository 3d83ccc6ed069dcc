//! `motcua import` / `motcua export`: the catalogue as JSON (the whole document) or CSV (the
//! flat parts of procedures, one row each, for spreadsheet review). Imports are all or
//! nothing, and every error names its line.

use std::path::Path;

use anyhow::Context;
use motcua_app::{App, AppError};
use motcua_domain::agency::{AgencyCode, Level};
use motcua_domain::catalogue::{CatalogueDoc, LocatedError, parse_document};
use motcua_domain::procedure::{OnlineLevel, TimeUnit};

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    Json,
    Csv,
}

/// The CSV columns, in order.
pub const CSV_HEADER: [&str; 9] = [
    "code",
    "name",
    "field",
    "levels",
    "agencies",
    "online_level",
    "full_process_eligible",
    "time_limit_value",
    "time_limit_unit",
];

fn report(errors: &[LocatedError]) -> anyhow::Error {
    let mut msg = format!("import refused, nothing was written ({} problem(s)):", errors.len());
    for e in errors {
        let item = e.item.as_deref().map(|i| format!(" {i}")).unwrap_or_default();
        let field = if e.field.is_empty() {
            String::new()
        } else {
            format!(" field {}", e.field)
        };
        let detail = e.detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default();
        msg.push_str(&format!("\n  line {}:{item}{field}: {}{detail}", e.line, e.code));
    }
    anyhow::anyhow!(msg)
}

async fn import_doc(app: &App, doc: &CatalogueDoc, lines: &motcua_domain::catalogue::ItemLines) -> anyhow::Result<()> {
    match motcua_app::catalogue::import_document(app, None, doc, lines).await {
        Ok(r) => {
            println!(
                "imported: {} agencies, {} units, procedures {} created / {} updated / {} unchanged",
                r.agencies, r.units, r.procedures_created, r.procedures_updated, r.procedures_unchanged
            );
            Ok(())
        }
        Err(AppError::InvalidCatalogue(errors)) => Err(report(&errors)),
        Err(e) => Err(e.into()),
    }
}

pub async fn import(app: &App, file: &Path, format: Format) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    match format {
        Format::Json => {
            let (doc, lines) = parse_document(&text).map_err(|e| report(&e))?;
            import_doc(app, &doc, &lines).await
        }
        Format::Csv => {
            let (doc, lines) = parse_csv(app, &text).await.map_err(|e| report(&e))?;
            import_doc(app, &doc, &lines).await
        }
    }
}

/// Reads CSV rows into updates of existing procedures (new procedures need the JSON form:
/// a row cannot carry components, fees and forms).
async fn parse_csv(
    app: &App,
    text: &str,
) -> Result<(CatalogueDoc, motcua_domain::catalogue::ItemLines), Vec<LocatedError>> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(text.as_bytes());
    let err = |line: usize, field: &str, code: &'static str, detail: Option<String>| LocatedError {
        line,
        item: None,
        field: field.to_owned(),
        code,
        detail,
    };
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_owned).collect(),
        Err(e) => return Err(vec![err(1, "", "malformed_csv", Some(e.to_string()))]),
    };
    if header != CSV_HEADER {
        return Err(vec![err(1, "", "unexpected_header", Some(CSV_HEADER.join(",")))]);
    }
    let mut doc = CatalogueDoc::default();
    let mut lines = motcua_domain::catalogue::ItemLines::new();
    let mut errors = Vec::new();
    for row in reader.records() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
                errors.push(err(line, "", "malformed_csv", Some(e.to_string())));
                continue;
            }
        };
        let line = row.position().map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
        let get = |i: usize| row.get(i).unwrap_or("").trim().to_owned();
        let code = get(0);
        let mut p = match motcua_app::catalogue::stored_procedure(app, &code).await {
            Ok(Some(s)) => s.procedure,
            Ok(None) => {
                errors.push(err(line, "code", "unknown_procedure", Some(code)));
                continue;
            }
            Err(e) => {
                errors.push(err(line, "code", "storage_error", Some(e.to_string())));
                continue;
            }
        };
        p.name = get(1);
        p.field = get(2);
        let mut row_ok = true;
        let mut fail = |field: &str, code: &'static str, detail: String| {
            errors.push(err(line, field, code, Some(detail)));
            row_ok = false;
        };
        p.levels = get(3)
            .split(';')
            .filter(|s| !s.trim().is_empty())
            .filter_map(|s| {
                Level::parse(s.trim()).or_else(|| {
                    fail("levels", "invalid_choice", s.to_owned());
                    None
                })
            })
            .collect();
        p.agencies = get(4)
            .split(';')
            .filter(|s| !s.trim().is_empty())
            .filter_map(|s| {
                AgencyCode::parse(s.trim())
                    .map_err(|e| fail("agencies", e.code(), s.to_owned()))
                    .ok()
            })
            .collect();
        match OnlineLevel::parse(&get(5)) {
            Some(o) => p.online_level = o,
            None => fail("online_level", "invalid_choice", get(5)),
        }
        match get(6).as_str() {
            "true" | "1" => p.full_process_eligible = true,
            "false" | "0" => p.full_process_eligible = false,
            other => fail("full_process_eligible", "invalid_choice", other.to_owned()),
        }
        match get(7).parse::<u32>() {
            Ok(v) => p.time_limit.value = v,
            Err(_) => fail("time_limit_value", "out_of_range", get(7)),
        }
        match TimeUnit::parse(&get(8)) {
            Some(u) => p.time_limit.unit = u,
            None => fail("time_limit_unit", "invalid_choice", get(8)),
        }
        if row_ok {
            lines.insert(format!("procedures/{}", doc.procedures.len()), line);
            doc.procedures.push(p);
        }
    }
    if errors.is_empty() {
        Ok((doc, lines))
    } else {
        Err(errors)
    }
}

pub async fn export(app: &App, format: Format, output: Option<&Path>) -> anyhow::Result<()> {
    let text = match format {
        Format::Json => serde_json::to_string_pretty(
            &motcua_app::catalogue::export_document(app)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?,
        )?,
        Format::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(CSV_HEADER)?;
            for p in motcua_app::catalogue::export_document(app).await?.procedures {
                w.write_record([
                    p.code.clone(),
                    p.name.clone(),
                    p.field.clone(),
                    p.levels.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(";"),
                    p.agencies.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(";"),
                    p.online_level.as_str().to_owned(),
                    p.full_process_eligible.to_string(),
                    p.time_limit.value.to_string(),
                    p.time_limit.unit.as_str().to_owned(),
                ])?;
            }
            String::from_utf8(w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)?
        }
    };
    match output {
        Some(path) => std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?,
        None => println!("{text}"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::testing::{DemoApp, demo_app, empty_app};

    #[tokio::test]
    async fn json_export_imports_back_unchanged() {
        let DemoApp { db, app, .. } = demo_app().await;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("catalogue.json");
        export(&app, Format::Json, Some(&file)).await.unwrap();
        let before = db.store.load_catalogue().await.unwrap();
        let fresh = empty_app().await;
        import(&fresh.app, &file, Format::Json).await.unwrap();
        let moved: Vec<_> = fresh
            .db
            .store
            .load_catalogue()
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.procedure)
            .collect();
        assert_eq!(
            moved,
            before.into_iter().map(|s| s.procedure).collect::<Vec<_>>(),
            "a whole catalogue moves between installations"
        );
        assert_eq!(
            fresh.db.store.list_agencies().await.unwrap().len(),
            db.store.list_agencies().await.unwrap().len()
        );
    }

    #[tokio::test]
    async fn broken_json_import_names_the_line_and_writes_nothing() {
        let DemoApp { db, app, .. } = demo_app().await;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bad.json");
        std::fs::write(&file, "{\n  \"agencies\": [\n    {\"code\": \"H15.99\", \"name\": \"Xã mới\", \"level\": \"commune\", \"parent\": \"H15\"},\n    {\"code\": \"H15.98\", \"name\": \"\", \"level\": \"commune\", \"parent\": \"H15\"}\n  ]\n}\n").unwrap();
        let err = import(&app, &file, Format::Json).await.unwrap_err().to_string();
        assert!(err.contains("line 4: agencies/1 field name: required"), "{err}");
        let codes: Vec<_> = db
            .store
            .list_agencies()
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.code)
            .collect();
        assert!(
            !codes.contains(&"H15.99".to_owned()),
            "the valid first item was not written either"
        );
    }

    #[tokio::test]
    async fn csv_updates_flat_parts_and_reports_bad_rows_by_line() {
        let DemoApp { db, app, .. } = demo_app().await;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("flat.csv");
        export(&app, Format::Csv, Some(&file)).await.unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.starts_with("code,name,field,levels,agencies,"));
        let edited = text.replacen("1.000894,Đăng ký kết hôn,", "1.000894,Đăng ký kết hôn (CSV),", 1);
        assert_ne!(edited, text, "the marriage registration row is exported");
        std::fs::write(&file, &edited).unwrap();
        import(&app, &file, Format::Csv).await.unwrap();
        let p = db.store.procedure_by_code("1.000894").await.unwrap().unwrap();
        assert_eq!((p.procedure.name.as_str(), p.version), ("Đăng ký kết hôn (CSV)", 2));
        assert!(
            !p.procedure.components.is_empty(),
            "parts the CSV does not carry are kept"
        );

        let mut bad = String::from(
            "code,name,field,levels,agencies,online_level,full_process_eligible,time_limit_value,time_limit_unit\n",
        );
        bad.push_str("1.000894,Tên mới,Hộ tịch,commune,H15.50,partial,false,3,working_days\n");
        bad.push_str("1.000894,Tên mới,Hộ tịch,galaxy,H15.50,partial,false,ba,working_days\n");
        bad.push_str("9.999999,Không có,Hộ tịch,commune,H15.50,partial,false,3,working_days\n");
        std::fs::write(&file, bad).unwrap();
        let err = import(&app, &file, Format::Csv).await.unwrap_err().to_string();
        assert!(err.contains("line 3: field levels: invalid_choice"), "{err}");
        assert!(err.contains("line 3: field time_limit_value: out_of_range"), "{err}");
        assert!(err.contains("line 4: field code: unknown_procedure"), "{err}");
        let still = db.store.procedure_by_code("1.000894").await.unwrap().unwrap();
        assert_eq!(
            still.procedure.name, "Đăng ký kết hôn (CSV)",
            "the good row was not written either"
        );
    }
}
