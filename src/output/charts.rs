//! Charts as SVG, drawn with plotters (its SVG backend only: text stays text, so any script the viewer's
//! fonts cover — Chinese included — renders, and no font is needed to draw). Labels in English or Chinese.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

pub use super::lang::label;
use crate::engine::{Run, ScenarioRun};
use crate::experiment::compare::Effect;
pub use crate::lang::Lang;
use crate::metrics::{metric, Metric};

const COLOURS: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(255, 127, 14),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

pub fn colour(i: usize) -> RGBColor {
    COLOURS[i % COLOURS.len()]
}

const SIZE: (u32, u32) = (640, 380);
const FONT: &str = "sans-serif";

/// Per month: (year, mean, low, high), the mean and 95 % interval across replicates.
type Band = Vec<(f64, f64, f64, f64)>;

/// Metrics with their bands, drawn together.
type Series<'a> = [(&'a Metric, Band)];

/// Per month: mean and 95 % interval across replicates.
fn band(run: &ScenarioRun, m: &Metric) -> Band {
    let first = run.params.run.first_year as f64;
    (0..run.params.months() as usize)
        .map(|k| {
            let values: Vec<f64> = run.replicates.iter().map(|r| m.value(&r.months[k])).collect();
            let s = m.summarize(&values);
            let (lo, hi) = s.ci.unwrap_or((s.mean, s.mean));
            (first + k as f64 / 12.0, s.mean, lo, hi)
        })
        // A month in which no replicate has a value (a rate with no denominator) is not drawn.
        .filter(|&(_, mean, _, _)| !mean.is_nan())
        .collect()
}

fn range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| (a.min(x), b.max(x)));
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let span = hi - lo;
    let pad = if span > 0.0 {
        span * 0.05
    } else {
        (lo.abs() * 0.05).max(1e-3)
    };
    (lo - pad, hi + pad)
}

type Drawn = Result<(), Box<dyn std::error::Error>>;

type YearChart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A chart with calendar years on the x axis, its title, axis descriptions and a light mesh.
fn year_chart<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, plotters::coord::Shift>,
    title: &str,
    xs: (f64, f64),
    ys: (f64, f64),
    y_desc: &str,
    lang: Lang,
) -> Result<YearChart<'a, 'b>, Box<dyn std::error::Error>> {
    // At most one label a year, so that no two years print alike (2020, 2020, 2021).
    let years = ((xs.1 - xs.0).floor() as usize + 1).clamp(2, 11);
    let axes = Axes {
        title,
        x_desc: lang.pick("year", "年份"),
        y_desc,
        x_labels: years,
        x_format: &|x| format!("{x:.0}"),
    };
    mesh_chart(root, &axes, xs, ys)
}

/// What a chart's mesh shows: its title, axis descriptions, and the x labels (how many, how written).
struct Axes<'t> {
    title: &'t str,
    x_desc: &'t str,
    y_desc: &'t str,
    x_labels: usize,
    x_format: &'t dyn Fn(&f64) -> String,
}

/// A chart on `xs` × `ys` with its mesh, light lines and tick labels.
fn mesh_chart<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, plotters::coord::Shift>,
    axes: &Axes,
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
) -> Result<YearChart<'a, 'b>, Box<dyn std::error::Error>> {
    let mut chart = ChartBuilder::on(root)
        .caption(axes.title, (FONT, 22))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(80)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .label_style((FONT, 15))
        .axis_desc_style((FONT, 16))
        .x_desc(axes.x_desc)
        .y_desc(axes.y_desc)
        .x_labels(axes.x_labels)
        .x_label_formatter(axes.x_format)
        .y_label_formatter(&|y| tick(*y))
        .draw()?;
    Ok(chart)
}

/// A tick label: whole numbers without a decimal point (9000, not 9000.0), at most three decimals
/// otherwise, and never `-0`.
pub fn tick(x: f64) -> String {
    let text = if x.abs() >= 100.0 || x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        let t = format!("{x:.3}");
        t.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    if text.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
        "0".to_string()
    } else {
        text
    }
}

/// How a legend entry shows its series.
#[derive(Clone, Copy)]
enum Swatch {
    Line,
    Block,
}

/// A legend below the plot, outside the data: its entries in rows across the chart's width.
struct Key {
    entries: Vec<(String, RGBColor, Swatch)>,
}

const KEY_ROW: u32 = 22;

impl Key {
    /// Entries placed in rows: (row, x) of each, the width of text guessed from its characters (a CJK
    /// character is about twice as wide as a Latin one at the same size).
    fn layout(&self) -> Vec<(u32, u32)> {
        let (mut row, mut x) = (0, 60);
        self.entries
            .iter()
            .map(|(name, _, _)| {
                let text: u32 = name.chars().map(|c| if c.is_ascii() { 8 } else { 15 }).sum();
                let width = 26 + text + 18;
                if x + width > SIZE.0 && x > 60 {
                    (row, x) = (row + 1, 60);
                }
                let at = (row, x);
                x += width;
                at
            })
            .collect()
    }

    fn height(&self) -> u32 {
        self.layout().last().map_or(0, |(row, _)| (row + 1) * KEY_ROW + 6)
    }

    /// Splits the chart's area into the plot and the key below it.
    fn split<'b>(
        &self,
        root: &DrawingArea<SVGBackend<'b>, plotters::coord::Shift>,
    ) -> (
        DrawingArea<SVGBackend<'b>, plotters::coord::Shift>,
        DrawingArea<SVGBackend<'b>, plotters::coord::Shift>,
    ) {
        root.split_vertically(SIZE.1 - self.height())
    }

    fn draw(&self, area: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>) -> Drawn {
        for ((name, c, swatch), (row, x)) in self.entries.iter().zip(self.layout()) {
            let (x, y) = (x as i32, (row * KEY_ROW + KEY_ROW / 2) as i32);
            match swatch {
                Swatch::Line => area.draw(&PathElement::new(vec![(x, y), (x + 18, y)], c.stroke_width(3)))?,
                Swatch::Block => area.draw(&Rectangle::new([(x, y - 6), (x + 16, y + 6)], c.mix(0.75).filled()))?,
            }
            let style = TextStyle::from((FONT, 14).into_font()).pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Left,
                plotters::style::text_anchor::VPos::Center,
            ));
            area.draw(&Text::new(name.clone(), (x + 24, y), style))?;
        }
        Ok(())
    }
}

/// One line per scenario with its 95 % band, calendar years on the x axis.
pub fn time_series(run: &Run, name: &str, lang: Lang) -> String {
    let mut svg = String::new();
    if let Some(m) = metric(name) {
        let bands: Vec<Band> = run.scenarios.iter().map(|s| band(s, m)).collect();
        let _ = draw_series(&mut svg, run, &bands, m, lang);
    }
    svg
}

fn draw_series(svg: &mut String, run: &Run, bands: &[Band], m: &Metric, lang: Lang) -> Drawn {
    let root = SVGBackend::with_string(svg, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let key = Key {
        entries: (run.scenarios.iter().enumerate())
            .map(|(i, s)| (s.scenario.name.clone(), colour(i), Swatch::Line))
            .collect(),
    };
    let (plot, below) = key.split(&root);
    let (x0, x1) = range(bands.iter().flatten().map(|p| p.0));
    let (y0, y1) = range(bands.iter().flatten().flat_map(|p| [p.2, p.3]));
    let title = match lang {
        Lang::En => m.name.to_string(),
        Lang::Zh => m.zh.to_string(),
    };
    let mut chart = year_chart(&plot, &title, (x0, x1), (y0, y1), &label(m, lang), lang)?;
    for (i, points) in bands.iter().enumerate() {
        let c = colour(i);
        let mut outline: Vec<(f64, f64)> = points.iter().map(|p| (p.0, p.3)).collect();
        outline.extend(points.iter().rev().map(|p| (p.0, p.2)));
        chart.draw_series(std::iter::once(Polygon::new(outline, c.mix(0.18))))?;
        chart.draw_series(LineSeries::new(points.iter().map(|p| (p.0, p.1)), c.stroke_width(2)))?;
    }
    key.draw(&below)?;
    root.present()?;
    Ok(())
}

/// Residents, away, 60+ and 80+ of one scenario over time (means across replicates).
pub fn population(run: &ScenarioRun, lang: Lang) -> String {
    let names = ["residents", "away", "elderly", "oldest_old"];
    lines(
        run,
        &names,
        lang.pick("population", "人口"),
        lang.pick("persons", "人"),
        lang,
    )
}

fn lines(run: &ScenarioRun, names: &[&str], title: &str, unit: &str, lang: Lang) -> String {
    let mut svg = String::new();
    let series: Vec<(&Metric, Band)> = names
        .iter()
        .filter_map(|n| metric(n))
        .map(|m| (m, band(run, m)))
        .collect();
    let _ = draw_lines(
        &mut svg,
        &format!("{} — {title}", run.scenario.name),
        unit,
        &series,
        lang,
    );
    svg
}

/// A key naming each metric of `series` in its colour.
fn series_key(series: &Series, swatch: Swatch, lang: Lang) -> Key {
    Key {
        entries: (series.iter().enumerate())
            .map(|(i, (m, _))| (lang.pick(m.name, m.zh).to_string(), colour(i), swatch))
            .collect(),
    }
}

fn draw_lines(svg: &mut String, title: &str, unit: &str, series: &Series, lang: Lang) -> Drawn {
    let root = SVGBackend::with_string(svg, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let key = series_key(series, Swatch::Line, lang);
    let (plot, below) = key.split(&root);
    let (x0, x1) = range(series.iter().flat_map(|s| s.1.iter().map(|p| p.0)));
    let (_, y1) = range(series.iter().flat_map(|s| s.1.iter().map(|p| p.1)));
    let mut chart = year_chart(&plot, title, (x0, x1), (0.0, y1), unit, lang)?;
    for (i, (_, points)) in series.iter().enumerate() {
        chart.draw_series(LineSeries::new(
            points.iter().map(|p| (p.0, p.1)),
            colour(i).stroke_width(2),
        ))?;
    }
    key.draw(&below)?;
    root.present()?;
    Ok(())
}

/// The care-source mix of one scenario as stacked areas: family, mutual aid, formal, volunteers, unmet.
pub fn care_mix(run: &ScenarioRun, lang: Lang) -> String {
    let names = [
        "family_hours",
        "mutual_hours",
        "formal_hours",
        "volunteer_hours",
        "unmet_hours",
    ];
    let series: Vec<(&Metric, Band)> = names
        .iter()
        .filter_map(|n| metric(n))
        .map(|m| (m, band(run, m)))
        .collect();
    let mut svg = String::new();
    let title = format!("{} — {}", run.scenario.name, lang.pick("care by source", "照料来源"));
    let _ = draw_stack(&mut svg, &title, &series, lang);
    svg
}

fn draw_stack(svg: &mut String, title: &str, series: &Series, lang: Lang) -> Drawn {
    let root = SVGBackend::with_string(svg, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let key = series_key(series, Swatch::Block, lang);
    let (plot, below) = key.split(&root);
    let months = series.first().map_or(0, |s| s.1.len());
    let xs: Vec<f64> = (0..months).map(|k| series[0].1[k].0).collect();
    let mut base = vec![0.0; months];
    let tops: Vec<Vec<f64>> = series
        .iter()
        .map(|s| {
            for (b, p) in base.iter_mut().zip(&s.1) {
                *b += p.1;
            }
            base.clone()
        })
        .collect();
    let (x0, x1) = range(xs.iter().copied());
    let y1 = base.iter().cloned().fold(1.0, f64::max) * 1.05;
    let mut chart = year_chart(
        &plot,
        title,
        (x0, x1),
        (0.0, y1),
        lang.pick("hours a month", "小时/月"),
        lang,
    )?;
    let zero = vec![0.0; months];
    for (i, _) in series.iter().enumerate() {
        let lower = if i == 0 { &zero } else { &tops[i - 1] };
        let mut outline: Vec<(f64, f64)> = xs.iter().zip(&tops[i]).map(|(&x, &y)| (x, y)).collect();
        outline.extend(xs.iter().zip(lower).rev().map(|(&x, &y)| (x, y)));
        chart.draw_series(std::iter::once(Polygon::new(outline, colour(i).mix(0.75).filled())))?;
    }
    key.draw(&below)?;
    root.present()?;
    Ok(())
}

/// Each scenario's final-year effect on one metric against its reference: a bar with its 95 % whisker.
pub fn effects(rows: &[(String, &Effect)], lang: Lang) -> String {
    let mut svg = String::new();
    if let Some((_, first)) = rows.first() {
        let m = first.metric;
        let title = match lang {
            Lang::En => format!("effect on {} (final year, vs reference)", m.name),
            Lang::Zh => format!("对{}的影响（末年，相对基准情景）", m.zh),
        };
        let bars: Vec<Bar> = rows
            .iter()
            .map(|(s, e)| Bar {
                label: s.clone(),
                value: e.diff.mean,
                ci: e.diff.ci,
                strong: e.significant(),
            })
            .collect();
        let _ = draw_bars(&mut svg, &title, &label(m, lang), &bars);
    }
    svg
}

/// One bar of a bar chart: its label, value, 95 % interval, and whether to draw it in the strong colour.
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub ci: Option<(f64, f64)>,
    pub strong: bool,
}

/// A metric by subgroup in the final year, one bar per group with its 95 % whisker.
pub fn by_group(title: &str, axis: &str, bars: &[Bar]) -> String {
    let mut svg = String::new();
    if !bars.is_empty() {
        let _ = draw_bars(&mut svg, title, axis, bars);
    }
    svg
}

/// Horizontal bars from 0 with whiskers for their intervals.
fn draw_bars(svg: &mut String, title: &str, axis: &str, bars: &[Bar]) -> Drawn {
    let height = 90 + 44 * bars.len() as u32;
    let root = SVGBackend::with_string(svg, (SIZE.0, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let ends = bars.iter().flat_map(|b| {
        let (lo, hi) = b.ci.unwrap_or((b.value, b.value));
        [lo, hi, b.value, 0.0]
    });
    let (x0, x1) = range(ends);
    let n = bars.len() as f64;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, (FONT, 20))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(170)
        .build_cartesian_2d(x0..x1, -0.5..n - 0.5)?;
    let names: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .label_style((FONT, 15))
        .axis_desc_style((FONT, 16))
        .disable_y_mesh()
        .y_labels(bars.len())
        .y_label_formatter(&|y| names.get(y.round() as usize).cloned().unwrap_or_default())
        .x_desc(axis)
        .x_label_formatter(&|x| tick(*x))
        .draw()?;
    for (i, b) in bars.iter().enumerate() {
        let y = i as f64;
        let c = if b.strong { colour(0) } else { colour(7) };
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, y - 0.3), (b.value, y + 0.3)],
            c.mix(0.8).filled(),
        )))?;
        if let Some((lo, hi)) = b.ci {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(lo, y), (hi, y)],
                BLACK.stroke_width(2),
            )))?;
            for x in [lo, hi] {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(x, y - 0.15), (x, y + 0.15)],
                    BLACK.stroke_width(2),
                )))?;
            }
        }
    }
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, -0.5), (0.0, n - 0.5)],
        BLACK,
    )))?;
    root.present()?;
    Ok(())
}

/// A weighted histogram of values (a posterior marginal), with the prior's range as the x axis.
pub fn histogram(title: &str, axes: (&str, &str), values: &[f64], weights: &[f64], range: (f64, f64)) -> String {
    let mut svg = String::new();
    let _ = draw_histogram(&mut svg, title, axes, values, weights, range);
    svg
}

fn draw_histogram(
    svg: &mut String,
    title: &str,
    (x_axis, y_axis): (&str, &str),
    values: &[f64],
    weights: &[f64],
    (lo, hi): (f64, f64),
) -> Drawn {
    const BINS: usize = 20;
    let width = (hi - lo).max(1e-12) / BINS as f64;
    let total: f64 = weights.iter().sum::<f64>().max(1e-300);
    let mut mass = [0.0; BINS];
    for (x, w) in values.iter().zip(weights) {
        let b = (((x - lo) / width) as usize).min(BINS - 1);
        mass[b] += w / total;
    }
    let top = mass.iter().copied().fold(0.0, f64::max).max(1e-9) * 1.1;
    let root = SVGBackend::with_string(svg, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, (FONT, 20))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d(lo..hi, 0.0..top)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .label_style((FONT, 15))
        .axis_desc_style((FONT, 16))
        .x_desc(x_axis)
        .y_desc(y_axis)
        .x_label_formatter(&|x| tick(*x))
        .y_label_formatter(&|y| tick(*y))
        .draw()?;
    chart.draw_series(mass.iter().enumerate().map(|(b, &m)| {
        let x = lo + b as f64 * width;
        Rectangle::new([(x, 0.0), (x + width, m)], colour(0).mix(0.8).filled())
    }))?;
    root.present()?;
    Ok(())
}

/// A chart with numbers on both axes, six labels across.
fn xy_chart<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, plotters::coord::Shift>,
    title: &str,
    xs: (f64, f64),
    ys: (f64, f64),
    (x_desc, y_desc): (&str, &str),
) -> Result<YearChart<'a, 'b>, Box<dyn std::error::Error>> {
    let axes = Axes {
        title,
        x_desc,
        y_desc,
        x_labels: 6,
        x_format: &|x| tick(*x),
    };
    mesh_chart(root, &axes, xs, ys)
}

/// The cost-effectiveness plane: one dot per programme and draw, unmet hours averted across and
/// incremental cost up, with the axes through the baseline (0, 0).
pub fn ce_plane(names: &[String], points: &[(usize, f64, f64)], labels: (&str, &str, &str)) -> String {
    let mut svg = String::new();
    let _ = draw_plane(&mut svg, names, points, labels);
    svg
}

fn draw_plane(
    svg: &mut String,
    names: &[String],
    points: &[(usize, f64, f64)],
    (title, x, y): (&str, &str, &str),
) -> Drawn {
    let root = SVGBackend::with_string(svg, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let key = Key {
        entries: (names.iter().enumerate().skip(1))
            .map(|(i, s)| (s.clone(), colour(i), Swatch::Block))
            .collect(),
    };
    let (plot, below) = key.split(&root);
    let xs = range(points.iter().map(|p| p.1).chain([0.0]));
    let ys = range(points.iter().map(|p| p.2).chain([0.0]));
    let mut chart = xy_chart(&plot, title, xs, ys, (x, y))?;
    for axis in [vec![(xs.0, 0.0), (xs.1, 0.0)], vec![(0.0, ys.0), (0.0, ys.1)]] {
        chart.draw_series(std::iter::once(PathElement::new(axis, BLACK.mix(0.6))))?;
    }
    chart.draw_series(
        points
            .iter()
            .map(|&(s, e, c)| Circle::new((e, c), 3, colour(s).mix(0.55).filled())),
    )?;
    key.draw(&below)?;
    root.present()?;
    Ok(())
}

/// The cost-effectiveness acceptability curves: per scenario (the baseline first), the probability of
/// being the best choice against the willingness to pay.
pub fn acceptability(names: &[String], curve: &[(f64, Vec<f64>)], labels: (&str, &str, &str)) -> String {
    let mut svg = String::new();
    let _ = draw_acceptability(&mut svg, names, curve, labels);
    svg
}

fn draw_acceptability(
    svg: &mut String,
    names: &[String],
    curve: &[(f64, Vec<f64>)],
    (title, x, y): (&str, &str, &str),
) -> Drawn {
    let root = SVGBackend::with_string(svg, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let key = Key {
        entries: (names.iter().enumerate())
            .map(|(i, s)| (s.clone(), colour(i), Swatch::Line))
            .collect(),
    };
    let (plot, below) = key.split(&root);
    let xs = (0.0, curve.last().map_or(1.0, |c| c.0));
    let mut chart = xy_chart(&plot, title, xs, (0.0, 1.02), (x, y))?;
    for (i, _) in names.iter().enumerate() {
        // Steps, not slopes: a probability holds from one willingness to pay to the next.
        let mut line = Vec::new();
        for (k, (wtp, p)) in curve.iter().enumerate() {
            if k > 0 {
                line.push((*wtp, curve[k - 1].1[i]));
            }
            line.push((*wtp, p[i]));
        }
        chart.draw_series(LineSeries::new(line, colour(i).stroke_width(2)))?;
    }
    key.draw(&below)?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_labels_have_no_needless_decimals_and_no_minus_zero() {
        assert_eq!(tick(9000.0), "9000");
        assert_eq!(tick(-0.0), "0");
        assert_eq!(tick(-0.0001), "0");
        assert_eq!(tick(0.25), "0.25");
        assert_eq!(tick(-0.125), "-0.125");
        assert_eq!(tick(1234.56), "1235");
    }
}
