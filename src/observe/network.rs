//! The village network as a network (`--network`, `network.csv`): at the end of each year, over the ties
//! between residents, the degree distribution by tie kind, global clustering (transitivity), the share of
//! residents in their village's largest connected component, residents 60+ with no strong tie to a
//! resident, and the mixing of ties by age band. Each is kept as integer sums, so villages add exactly.

use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::unionfind::UnionFind;

use super::groups::{age_band, AGE_BANDS};
use crate::model::person::{Status, TieKind, MONTHS_60};
use crate::model::Village;

/// Tie kinds as `network.csv` names them: the three kinds, strong (kin and neighbour), weak
/// (acquaintance) and all.
pub const KINDS: [&str; 6] = ["kin", "neighbour", "acquaintance", "strong", "weak", "all"];
/// Degrees at or above this share the histogram's last bin.
pub const TOP_DEGREE: usize = 40;
/// Age bands of the mixing table: those of `--by age_band`.
pub const BANDS: [&str; 6] = AGE_BANDS;

/// One year's sums, for a village or added over villages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkYear {
    pub residents: u64,
    /// By kind: sum of degrees, of squared degrees, and the degree histogram.
    pub degree_sum: [u64; KINDS.len()],
    pub degree_squares: [u64; KINDS.len()],
    pub histogram: [[u64; TOP_DEGREE + 1]; KINDS.len()],
    /// Closed triples (each triangle counted at each of its corners) and connected triples, over all ties.
    pub closed_triples: u64,
    pub triples: u64,
    /// Residents in their village's largest connected component.
    pub largest_component: u64,
    /// Residents 60+, and those with no strong tie to a resident.
    pub elderly: u64,
    pub elderly_without_strong: u64,
    /// Ties between residents by the age bands of their ends (the lower band first), strong and weak.
    pub mixing: [[[u64; BANDS.len()]; BANDS.len()]; 2],
}

impl Default for NetworkYear {
    fn default() -> Self {
        NetworkYear {
            residents: 0,
            degree_sum: [0; KINDS.len()],
            degree_squares: [0; KINDS.len()],
            histogram: [[0; TOP_DEGREE + 1]; KINDS.len()],
            closed_triples: 0,
            triples: 0,
            largest_component: 0,
            elderly: 0,
            elderly_without_strong: 0,
            mixing: [[[0; BANDS.len()]; BANDS.len()]; 2],
        }
    }
}

impl NetworkYear {
    /// Visits every sum in a fixed order (that of `columns`).
    fn each(&mut self, mut f: impl FnMut(&mut u64)) {
        f(&mut self.residents);
        self.degree_sum
            .iter_mut()
            .chain(self.degree_squares.iter_mut())
            .chain(self.histogram.iter_mut().flatten())
            .for_each(&mut f);
        for x in [
            &mut self.closed_triples,
            &mut self.triples,
            &mut self.largest_component,
            &mut self.elderly,
            &mut self.elderly_without_strong,
        ] {
            f(x);
        }
        self.mixing.iter_mut().flatten().flatten().for_each(f);
    }

    /// The name of every cell of `cells`, in order.
    pub fn columns() -> Vec<String> {
        let mut names = vec!["residents".to_string()];
        for what in ["degree_sum", "degree_squares"] {
            names.extend(KINDS.iter().map(|k| format!("{what}_{k}")));
        }
        for k in KINDS {
            names.extend((0..=TOP_DEGREE).map(|d| format!("histogram_{k}_{d}")));
        }
        names.extend(
            [
                "closed_triples",
                "triples",
                "largest_component",
                "elderly",
                "elderly_without_strong",
            ]
            .map(String::from),
        );
        for strength in ["strong", "weak"] {
            for a in BANDS {
                names.extend(BANDS.iter().map(|b| format!("mixing_{strength}_{a}_{b}")));
            }
        }
        names
    }

    /// Every sum as one flat row of whole numbers (a shard's partial sums).
    pub fn cells(&self) -> Vec<u64> {
        let mut cells = Vec::new();
        self.clone().each(|x| cells.push(*x));
        cells
    }

    /// The sums of a row `cells` wrote; None when the row has another length.
    pub fn from_cells(cells: &[u64]) -> Option<NetworkYear> {
        let mut n = NetworkYear::default();
        let mut count = 0;
        n.each(|_| count += 1);
        if count != cells.len() {
            return None;
        }
        let mut values = cells.iter();
        n.each(|x| *x = values.next().copied().unwrap_or(0));
        Some(n)
    }

    pub fn add(&mut self, o: &NetworkYear) {
        self.residents += o.residents;
        for k in 0..KINDS.len() {
            self.degree_sum[k] += o.degree_sum[k];
            self.degree_squares[k] += o.degree_squares[k];
            for (a, b) in self.histogram[k].iter_mut().zip(&o.histogram[k]) {
                *a += b;
            }
        }
        self.closed_triples += o.closed_triples;
        self.triples += o.triples;
        self.largest_component += o.largest_component;
        self.elderly += o.elderly;
        self.elderly_without_strong += o.elderly_without_strong;
        for s in 0..2 {
            for a in 0..BANDS.len() {
                for b in 0..BANDS.len() {
                    self.mixing[s][a][b] += o.mixing[s][a][b];
                }
            }
        }
    }

    /// The sums of one village's resident network now.
    pub fn of(v: &Village) -> NetworkYear {
        let graph = resident_graph(v);
        let mut y = NetworkYear {
            residents: graph.node_count() as u64,
            ..NetworkYear::default()
        };
        let p = &v.people;
        // Degrees by kind, the strong-tie test for residents 60+, and the mixing table.
        for n in graph.node_indices() {
            let mut degree = [0usize; KINDS.len()];
            for e in graph.edges(n) {
                let kind = *e.weight();
                degree[kind as usize] += 1;
                degree[if kind.strong() { 3 } else { 4 }] += 1;
                degree[5] += 1;
            }
            for (k, &d) in degree.iter().enumerate() {
                y.degree_sum[k] += d as u64;
                y.degree_squares[k] += (d * d) as u64;
                y.histogram[k][d.min(TOP_DEGREE)] += 1;
            }
            // Each pair of a node's neighbours is a connected triple centred on it.
            let all = degree[5] as u64;
            y.triples += all * all.saturating_sub(1) / 2;
            let i = graph[n] as usize;
            if p.age_months[i] >= MONTHS_60 {
                y.elderly += 1;
                y.elderly_without_strong += u64::from(degree[3] == 0);
            }
        }
        for e in graph.edge_indices() {
            let (a, b) = graph.edge_endpoints(e).expect("an edge of the graph");
            let (ba, bb) = (
                age_band(p.age_months[graph[a] as usize]),
                age_band(p.age_months[graph[b] as usize]),
            );
            let strong = usize::from(!graph[e].strong());
            y.mixing[strong][ba.min(bb)][ba.max(bb)] += 1;
        }
        // Transitivity: 3 × triangles over connected triples. Each triangle is counted once, at its
        // lowest node, from the neighbours of higher index, marked in one pass per node.
        let count = graph.node_count();
        let higher: Vec<Vec<usize>> = graph
            .node_indices()
            .map(|n| {
                graph
                    .neighbors(n)
                    .map(|m| m.index())
                    .filter(|&m| m > n.index())
                    .collect()
            })
            .collect();
        let mut marked = vec![false; count];
        let mut triangles = 0u64;
        for up in &higher {
            up.iter().for_each(|&v| marked[v] = true);
            for &v in up {
                triangles += higher[v].iter().filter(|&&w| marked[w]).count() as u64;
            }
            up.iter().for_each(|&v| marked[v] = false);
        }
        y.closed_triples = 3 * triangles;
        // The largest connected component.
        let mut components = UnionFind::<usize>::new(graph.node_count());
        for e in graph.edge_indices() {
            let (a, b) = graph.edge_endpoints(e).expect("an edge of the graph");
            components.union(a.index(), b.index());
        }
        let mut sizes = vec![0u64; graph.node_count()];
        for n in 0..graph.node_count() {
            sizes[components.find(n)] += 1;
        }
        y.largest_component = sizes.into_iter().max().unwrap_or(0);
        y
    }
}

/// The residents of a village as a graph (node weight: the person's index) with the ties between them
/// (edge weight: the kind), each tie once.
fn resident_graph(v: &Village) -> UnGraph<u32, TieKind> {
    let p = &v.people;
    let mut graph = UnGraph::with_capacity(p.len(), 0);
    let node: Vec<Option<NodeIndex>> = (0..p.len())
        .map(|i| (p.status[i] == Status::Resident).then(|| graph.add_node(i as u32)))
        .collect();
    for (i, &a) in node.iter().enumerate() {
        let Some(a) = a else { continue };
        for t in p.ties.of(i as u32) {
            let j = t.other() as usize;
            if j > i {
                if let Some(b) = node[j] {
                    graph.add_edge(a, b, t.kind());
                }
            }
        }
    }
    graph
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_go_to_cells_and_back() {
        let mut n = NetworkYear {
            residents: 9,
            triples: 4,
            ..NetworkYear::default()
        };
        n.histogram[5][TOP_DEGREE] = 2;
        n.mixing[1][5][4] = 3;
        let cells = n.cells();
        assert_eq!(cells.len(), NetworkYear::columns().len());
        assert_eq!(NetworkYear::from_cells(&cells), Some(n));
        assert_eq!(NetworkYear::from_cells(&cells[1..]), None);
        assert_eq!(NetworkYear::columns()[0], "residents");
    }
    use crate::model::init::initialize;
    use crate::scenario::Scenario;

    /// A triangle with a pendant: 3 closed of 5 connected triples; one component of all four; degrees
    /// by kind as tied.
    #[test]
    fn transitivity_and_components_of_a_small_graph() {
        use crate::model::person::{NewPerson, Sex};
        let mut v = Village::default();
        for _ in 0..5 {
            v.add_person(NewPerson::plain(70, Sex::F));
        }
        let p = &mut v.people;
        p.tie(0, 1, TieKind::Kin);
        p.tie(1, 2, TieKind::Neighbour);
        p.tie(0, 2, TieKind::Acquaintance);
        p.tie(2, 3, TieKind::Acquaintance);
        p.set_status(4, Status::Away);
        let y = NetworkYear::of(&v);
        assert_eq!((y.residents, y.closed_triples, y.triples), (4, 3, 5));
        assert_eq!(y.largest_component, 4);
        assert_eq!(y.degree_sum, [2, 2, 4, 4, 4, 8]);
        assert_eq!((y.elderly, y.elderly_without_strong), (4, 1));
    }

    /// The degree sums equal twice the ties counted by kind, the histogram counts every resident, and
    /// clustering and components stay in their ranges.
    #[test]
    fn network_sums_agree_with_the_tie_lists() {
        let p = Scenario::builtin_baseline().params;
        let v = initialize(&p, 3);
        let y = NetworkYear::of(&v);
        let ends = v.people.count_tie_ends();
        assert_eq!(
            y.residents,
            v.people.status.iter().filter(|s| **s == Status::Resident).count() as u64
        );
        for k in 0..KINDS.len() {
            assert_eq!(y.histogram[k].iter().sum::<u64>(), y.residents);
        }
        assert_eq!(y.degree_sum[3] + y.degree_sum[4], y.degree_sum[5]);
        assert_eq!(y.degree_sum[5] % 2, 0);
        let mixed: u64 = y.mixing.iter().flatten().flatten().sum();
        assert_eq!(2 * mixed, y.degree_sum[5]);
        // Tie ends between resident adults, as the metrics count them, are part of all resident ties.
        assert!(ends.strong + ends.weak <= y.degree_sum[5]);
        assert!(y.closed_triples <= y.triples && y.closed_triples > 0);
        assert!(y.largest_component <= y.residents && y.largest_component * 2 > y.residents);
    }
}
