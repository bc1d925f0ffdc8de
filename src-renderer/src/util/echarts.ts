/**
 * ECharts, tree-shaken: only the charts and components the training dashboard draws, on the canvas
 * renderer (getDataURL gives a PNG of any chart for the report's export).
 */
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  HeatmapChart,
  LineChart,
  ScatterChart,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export { echarts };
export type { EChartsCoreOption as ChartOption } from 'echarts/core';

/** The app's dark palette, for every chart. */
export const chartColors = ['#4f8cff', '#ffb84f', '#5fd38d', '#ff6b6b', '#c77dff', '#4fd1d9', '#f78fb3'];

/** Axis and text colours that read on the app's dark surfaces. */
export const chartText = { color: '#9097a3', fontSize: 11 };
export const chartAxis = {
  axisLine: { lineStyle: { color: '#343a45' } },
  splitLine: { lineStyle: { color: '#262a32' } },
  axisLabel: chartText,
  nameTextStyle: chartText,
};

/** What a chart component exposes: the chart as a PNG data URL (null before it is drawn). */
export interface ChartHandle {
  png(): string | null;
}
