import type { Chart as ChartType } from 'chart.js';

let loading: Promise<typeof ChartType> | null = null;

/** chart.js with only the parts the Analytics page draws (bars, doughnuts), loaded on first use: never in the first load. */
export function loadChart(): Promise<typeof ChartType> {
  loading ??= import('chart.js').then(({ Chart, BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, Tooltip, Legend }) => {
    Chart.register(BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, Tooltip, Legend);
    return Chart;
  });
  return loading;
}
