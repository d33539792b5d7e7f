// bottleneck/light.js (the limiter @octokit/plugin-throttling itself uses) has the main entry's types.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
