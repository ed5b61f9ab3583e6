// carbon-mlops e2e tests only: a loopback controller without security or CSRF crumbs, no executors of its own, no
// quiet period, and one inbound WebSocket agent "a1" (labels a1, linux, gpu) whose secret goes to $JENKINS_HOME/a1.secret.
import hudson.model.Node
import hudson.security.AuthorizationStrategy
import hudson.security.SecurityRealm
import hudson.slaves.DumbSlave
import hudson.slaves.JNLPLauncher
import hudson.slaves.RetentionStrategy
import jenkins.model.Jenkins
import jenkins.model.JenkinsLocationConfiguration

def jenkins = Jenkins.get()
jenkins.securityRealm = SecurityRealm.NO_AUTHENTICATION
jenkins.authorizationStrategy = AuthorizationStrategy.UNSECURED
jenkins.crumbIssuer = null
jenkins.numExecutors = 0
jenkins.quietPeriod = 0
JenkinsLocationConfiguration.get().url = "http://127.0.0.1:${System.getProperty('e2e.port')}/"
if (jenkins.getNode('a1') == null) {
    def agent = new DumbSlave('a1', System.getProperty('e2e.agentDir'), new JNLPLauncher(true))
    agent.numExecutors = 4
    agent.labelString = 'a1 linux gpu'
    agent.mode = Node.Mode.NORMAL
    agent.retentionStrategy = new RetentionStrategy.Always()
    jenkins.addNode(agent)
}
new File(jenkins.rootDir, 'a1.secret').text = jenkins.slaves.JnlpAgentReceiver.SLAVE_SECRET.mac('a1')
jenkins.save()
println '[e2e] test setup done'
