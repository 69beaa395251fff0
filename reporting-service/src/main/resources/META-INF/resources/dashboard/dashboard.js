// The dashboard draws what reporting's REST API answers, nothing else: every number on the page is one of theirs.
// window.dashboardData keeps the datasets as drawn, so a test can compare them with the API.
(function () {
  'use strict';
  const page = document.body.dataset;
  const asOf = page.asOf;

  // The API wants a bearer token. The page takes one from its address (#token=...), keeps it for the tab's session
  // and removes it from the address bar; the page itself holds no figure.
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  if (fragment.get('token')) {
    sessionStorage.setItem('ledgerline-token', fragment.get('token'));
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  const token = sessionStorage.getItem('ledgerline-token');

  async function load(path) {
    const headers = { Accept: 'application/json' };
    if (token) {
      headers.Authorization = 'Bearer ' + token;
    }
    const response = await fetch(path, { headers });
    if (response.status === 401 || response.status === 403) {
      throw new Error('the API refused the request (' + response.status + '): open the page as '
        + '/dashboard#token=<a bearer token with a reporting role>');
    }
    if (!response.ok) {
      throw new Error(path + ' answered ' + response.status);
    }
    return response.json();
  }

  const number = (text) => (text === null || text === undefined ? null : Number(text));

  function chart(id, config) {
    config.options = Object.assign({ animation: false, responsive: true, maintainAspectRatio: false }, config.options);
    return new Chart(document.getElementById(id), config);
  }

  async function main() {
    const [aging, trend, top, disputes] = await Promise.all([
      load('/aging?asOf=' + asOf),
      load('/kpis/trend?asOf=' + asOf + '&from=' + page.from + '&to=' + page.to
        + '&kpi=DSO_SIMPLE,DSO_COUNTBACK,BPDSO,CEI'),
      load('/aging/top-overdue?asOf=' + asOf + '&limit=10' + (page.currency ? '&currency=' + page.currency : '')),
      load('/disputes/by-reason?asOf=' + asOf + '&period=' + page.period)
    ]);
    const currency = page.currency || (aging.groups.length ? aging.groups[0].currency : '');
    document.getElementById('currency-label').textContent = currency ? 'Amounts in ' + currency + '.' : 'Nothing open.';

    const portfolio = aging.groups.find((g) => g.currency === currency);
    const agingBars = {
      labels: aging.bucketNames,
      data: portfolio ? portfolio.buckets.map((b) => number(b.amount)) : aging.bucketNames.map(() => 0)
    };
    chart('aging-chart', {
      type: 'bar',
      data: { labels: agingBars.labels, datasets: [{ label: 'open amount ' + currency, data: agingBars.data,
        backgroundColor: ['#3e7cb1', '#f2a541', '#f08a4b', '#d65a31', '#a4243b', '#5b1a2b'] }] },
      options: { plugins: { legend: { display: false } } }
    });

    const scope = 'portfolio:' + currency;
    const months = [...new Set(trend.map((f) => f.period))];
    const series = {};
    for (const kpi of ['DSO_SIMPLE', 'DSO_COUNTBACK', 'BPDSO', 'CEI']) {
      series[kpi] = months.map((m) => {
        const figure = trend.find((f) => f.period === m && f.kpi === kpi && f.scope === scope);
        return figure ? number(figure.value) : null;
      });
    }
    chart('trend-chart', {
      type: 'line',
      data: { labels: months, datasets: [
        { label: 'DSO simple (days)', data: series.DSO_SIMPLE, borderColor: '#3e7cb1', yAxisID: 'days' },
        { label: 'DSO countback (days)', data: series.DSO_COUNTBACK, borderColor: '#81a4cd', yAxisID: 'days' },
        { label: 'Best possible DSO (days)', data: series.BPDSO, borderColor: '#2a9d8f', yAxisID: 'days' },
        { label: 'CEI full period (%)', data: series.CEI, borderColor: '#a4243b', yAxisID: 'percent' }
      ] },
      options: { spanGaps: true, scales: {
        days: { type: 'linear', position: 'left', title: { display: true, text: 'days' } },
        percent: { type: 'linear', position: 'right', min: 0, max: 100, title: { display: true, text: 'CEI %' },
          grid: { drawOnChartArea: false } } } }
    });

    // The page's currency only: the top overdue are ranked per currency, and amounts of two are not comparable.
    const topInCurrency = top.groups.filter((g) => g.currency === currency);
    const overdue = {
      labels: topInCurrency.map((g) => g.name ? g.name + ' (' + g.group + ')' : g.group),
      data: topInCurrency.map((g) => number(g.pastDueAmount))
    };
    chart('overdue-chart', {
      type: 'bar',
      data: { labels: overdue.labels, datasets: [{ label: 'past due', data: overdue.data, backgroundColor: '#d65a31' }] },
      options: { indexAxis: 'y', plugins: { legend: { display: false } } }
    });

    const byReason = {
      labels: disputes.map((d) => d.reasonCode),
      open: disputes.map((d) => d.openDisputes),
      resolved: disputes.map((d) => d.resolved)
    };
    chart('disputes-chart', {
      type: 'bar',
      data: { labels: byReason.labels, datasets: [
        { label: 'open on ' + asOf, data: byReason.open, backgroundColor: '#f2a541' },
        { label: 'resolved in ' + page.period, data: byReason.resolved, backgroundColor: '#2a9d8f' }
      ] },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });

    window.dashboardData = { asOf, currency, agingBars, trend: { months, series }, overdue, disputes: byReason };
    document.getElementById('status').textContent = 'As of ' + asOf + '.';
    document.body.dataset.ready = 'true';
  }

  main().catch((error) => {
    document.getElementById('status').textContent = 'Could not load the figures: ' + error.message;
    document.body.dataset.ready = 'error';
    console.error(error);
  });
})();
